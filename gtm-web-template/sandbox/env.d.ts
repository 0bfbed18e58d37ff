import type definition from '../template.ts';
import type { DataOf } from '../../tools/gtm/define/types.ts';

declare global {
  const data: DataOf<typeof definition>;
  interface GtmTemplateData extends DataOf<typeof definition> {}
}
