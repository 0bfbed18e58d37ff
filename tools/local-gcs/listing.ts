// One page of an object listing, computed from the sorted names in a bucket: prefix and offset filters, the delimiter
// folding names into `prefixes`, and maxResults counting items and prefixes together, as the JSON API does. The page
// token names the last entry returned, so a listing stays consistent while objects are added.
import { invalid } from './errors.ts';

export interface ListQuery {
  prefix: string;
  delimiter?: string;
  maxResults: number;
  pageToken?: string;
  startOffset?: string;
  endOffset?: string;
}

export interface ListPage {
  names: string[];
  prefixes: string[];
  nextPageToken?: string;
}

interface Resume {
  after: string;
  afterPrefix: boolean;
}

function encodeToken(resume: Resume): string {
  return Buffer.from(JSON.stringify(resume)).toString('base64url');
}

function decodeToken(token: string): Resume {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && 'after' in value && typeof value.after === 'string' && 'afterPrefix' in value) {
      return { after: value.after, afterPrefix: value.afterPrefix === true };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid(`Invalid pageToken: ${token}. Pass the nextPageToken of the previous page unchanged.`);
}

/** `sortedNames` must be in ascending order and already limited to names starting with `query.prefix`. */
export function pageOf(sortedNames: readonly string[], query: ListQuery): ListPage {
  const resume = query.pageToken ? decodeToken(query.pageToken) : undefined;
  const page: ListPage = { names: [], prefixes: [] };
  let lastEntry: Resume | undefined;
  for (const name of sortedNames) {
    if (query.startOffset !== undefined && name < query.startOffset) continue;
    if (query.endOffset !== undefined && name >= query.endOffset) break;
    if (resume && (name <= resume.after || (resume.afterPrefix && name.startsWith(resume.after)))) continue;
    const entry = entryFor(name, query);
    if (lastEntry?.afterPrefix && entry.afterPrefix && entry.after === lastEntry.after) continue;
    if (page.names.length + page.prefixes.length === query.maxResults) {
      if (lastEntry) page.nextPageToken = encodeToken(lastEntry);
      break;
    }
    (entry.afterPrefix ? page.prefixes : page.names).push(entry.after);
    lastEntry = entry;
  }
  return page;
}

function entryFor(name: string, query: ListQuery): Resume {
  if (query.delimiter) {
    const cut = name.indexOf(query.delimiter, query.prefix.length);
    if (cut !== -1) return { after: name.slice(0, cut + query.delimiter.length), afterPrefix: true };
  }
  return { after: name, afterPrefix: false };
}
