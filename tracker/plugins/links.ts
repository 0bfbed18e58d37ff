// Link clicks anywhere on the page, including links added later: `link_click` with the reduced href and `outbound`.
import { register } from './register.ts';

register('links', (pipes) => pipes.trackLink(document));
