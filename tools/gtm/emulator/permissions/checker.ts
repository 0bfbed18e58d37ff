// A template's permissions as one checker: every API's checks and queryPermission ask it the same question.
import type { Context } from '../../api/catalog.ts';
import { decodePermissionsSection, PermissionDecodeError } from '../../permissions/decode.ts';
import type { SettingsRecord } from '../../permissions/encode.ts';
import { kindIn } from '../../permissions/kinds.ts';
import { LoadError, PermissionError } from '../errors.ts';
import { RULES, type RuleContext } from './rules.ts';

export class Permissions {
  private readonly declared: ReadonlyMap<string, SettingsRecord>;

  /** `section`: the parsed ___WEB_PERMISSIONS___ / ___SERVER_PERMISSIONS___ JSON. Throws LoadError when malformed. */
  constructor(
    readonly context: Context,
    section: readonly unknown[],
    private readonly ruleContext: RuleContext,
  ) {
    try {
      this.declared = new Map(decodePermissionsSection(section, context).map((d) => [d.publicId, d.settings]));
    } catch (error) {
      if (error instanceof PermissionDecodeError) throw new LoadError(`the template's permissions cannot be read: ${error.message}`);
      throw error;
    }
  }

  /** Whether the template declares this permission at all. */
  declares(permission: string): boolean {
    return this.declared.has(permission);
  }

  /** Why the permission does not allow this, or undefined when it does. */
  denial(permission: string, args: readonly unknown[]): string | undefined {
    if (!kindIn(permission, this.context)) return `${permission} is not a permission of ${this.context === 'WEB' ? 'web' : 'server'} templates`;
    const settings = this.declared.get(permission);
    if (!settings) return `the template does not declare the ${permission} permission`;
    return RULES[permission]?.(settings, args, this.ruleContext);
  }

  /** queryPermission's answer. */
  allows(permission: string, args: readonly unknown[]): boolean {
    return this.denial(permission, args) === undefined;
  }

  /** Throws the PermissionError an API raises when `api` may not do what `args` describe. */
  check(api: string, permission: string, args: readonly unknown[]): void {
    const reason = this.denial(permission, args);
    if (reason !== undefined) throw new PermissionError(api, permission, reason);
  }
}
