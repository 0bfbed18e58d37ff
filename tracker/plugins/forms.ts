// Form submissions anywhere on the page: `form_submit` with the form's id, name, action and field names and types.
import { register } from './register.ts';

register('forms', (pipes) => pipes.trackForm(document));
