// The command of this tag's type, as pipes(…) takes it.
import { text } from './settings.ts';
const makeTableMap = require('makeTableMap');

/** The command (empty for a tag that only loads the tracker), or what is missing to send it. */
export function tagCommand(): readonly unknown[] | string {
  switch (data.tagType) {
    case 'page': {
      const name = text(data.pageName);
      return name ? ['page', name, properties()] : ['page', properties()];
    }
    case 'track': {
      const event = text(data.eventName);
      if (!event) return 'The event name is empty: write one, or check the variable that gives it.';
      return ['track', event, properties()];
    }
    case 'identify': {
      const userId = text(data.userId);
      if (!userId) return 'The user id is empty, so nothing was sent: fire Identify only when the user id variable has a value.';
      return ['identify', userId, properties()];
    }
    case 'reset':
    case 'optOut':
    case 'optIn':
      return [data.tagType];
    default:
      return [];
  }
}

/** The properties table as an object; values keep the type of the variables that give them. */
function properties(): { [name: string]: unknown } {
  return (data.properties && makeTableMap(data.properties, 'name', 'value')) || {};
}
