// Page views: one when the plugin starts, then one per route change of a single-page app.
import { register } from './register.ts';
import { onRouteChange } from './route.ts';

register('pageviews', (pipes) => {
  pipes.page();
  onRouteChange(() => pipes.page());
});
