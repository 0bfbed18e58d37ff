// Page policies: `gtag('policy', permissionId | 'all', fn)` lets the page restrict what templates may do beyond
// their own permissions. Every permission check a template's call passes is then put to the policies of that
// permission and to the 'all' policies, as fn(containerId, permissionId, data); a policy that returns a falsy
// value or throws rejects the call, and the thrown string or error's message is the reason.
// [DOC https://developers.google.com/tag-platform/tag-manager/templates/policies: the signature, 'all', rejection
//  by false or by throwing, `data.url` for inject_script and send_pixel, `data.key` for globals. Inferred from the
//  page's example (`return data.key && …` meant to reject): that any falsy result rejects, not only false.
//  UNVERIFIED: the other fields of `data`, which follow the permission's query arguments here.]
import { apiInContext } from '../../api/catalog.ts';
import type { ApiDefinition, ApiEnvironment, HostFunction } from '../api/define.ts';
import { PermissionError } from '../errors.ts';

export type PolicyFunction = (containerId: string, permissionId: string, data: Record<string, unknown>) => unknown;

const access = (value: unknown) => ({
  read: value === 'read' || value === 'readwrite',
  write: value === 'write' || value === 'readwrite',
});

/** What a policy's `data` holds for a check, from the check's queryPermission arguments. */
const POLICY_DATA: Readonly<Record<string, (args: readonly unknown[]) => Record<string, unknown>>> = {
  access_globals: ([how, key]) => ({ key, ...access(how), execute: how === 'execute' }),
  access_local_storage: ([how, key]) => ({ key, ...access(how) }),
  access_consent: ([consentType, how]) => ({ consentType, ...access(how) }),
  get_cookies: ([name]) => ({ name }),
  set_cookies: ([name, options]) => ({ name, ...(typeof options === 'object' && options !== null ? options : {}) }),
  get_url: ([component, queryKey]) => ({ component, queryKey }),
  get_referrer: ([component, queryKey]) => ({ component, queryKey }),
  inject_script: ([url]) => ({ url }),
  inject_hidden_iframe: ([url]) => ({ url }),
  send_pixel: ([url]) => ({ url }),
  read_data_layer: ([key]) => ({ key }),
  write_data_layer: ([key]) => ({ key }),
};

export class Policies {
  private readonly installed = new Map<string, PolicyFunction[]>();

  add(permissionId: string, policy: PolicyFunction): void {
    this.installed.set(permissionId, [...(this.installed.get(permissionId) ?? []), policy]);
  }

  /** Why the page's policies reject this check, or undefined when they allow it (or there are none). */
  denial(containerId: string, permissionId: string, args: readonly unknown[]): string | undefined {
    const policies = [...(this.installed.get(permissionId) ?? []), ...(this.installed.get('all') ?? [])];
    for (const policy of policies) {
      const data = POLICY_DATA[permissionId]?.(args) ?? {};
      try {
        if (!policy(containerId, permissionId, data)) return "the page's policy rejected it";
      } catch (error) {
        const reason = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
        return `the page's policy rejected it: ${reason}`;
      }
    }
    return undefined;
  }

  /** Throws the PermissionError of a call the page's policies reject. */
  check(env: ApiEnvironment, api: string, permissionId: string, args: readonly unknown[]): void {
    const reason = this.denial(env.containerVersion.containerId, permissionId, args);
    if (reason !== undefined) throw new PermissionError(api, permissionId, reason);
  }
}

/**
 * The definition with the page's policies applied after the template's own permission checks: each check the
 * dispatcher makes from `definition.permission` is put to the policies too. An API that checks its permission in
 * its implementation (declaring no queries) puts its checks to the policies itself.
 */
export function withPolicies(definition: ApiDefinition, policiesOf: (env: ApiEnvironment) => Policies): ApiDefinition {
  const permission = apiInContext(definition.name, 'WEB')?.permission;
  if (!permission) return definition;
  return {
    ...definition,
    create: (env) => {
      const value = definition.create(env);
      const guarded = (member: string | undefined, implementation: HostFunction): HostFunction => {
        const spec = definition.permission;
        const queries = typeof spec === 'function' ? spec : member !== undefined ? spec?.[member] : undefined;
        const label = member === undefined ? definition.name : `${definition.name}.${member}`;
        return (...args) => {
          for (const query of queries ? queries(...args) : [[]]) policiesOf(env).check(env, label, permission, query);
          return implementation(...args);
        };
      };
      if (typeof value === 'function') return guarded(undefined, value);
      return Object.fromEntries(Object.entries(value).map(([member, fn]) => [member, guarded(member, fn)]));
    },
  };
}
