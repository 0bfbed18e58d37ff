// hmacSha256 with the keys configured for the server (SGTM_CREDENTIALS, private-keys.ts).
import { expectArg } from '../../api/args.ts';
import { defineApi } from '../../api/define.ts';
import { ApiError } from '../../errors.ts';
import { HMAC_ENCODINGS, hmacSha256 as hmac, type HmacEncoding } from '../private-keys.ts';
import type { ScopeOf } from '../scope.ts';

/** base64url unless options.outputEncoding says 'hex' or 'base64'. */
export const hmacSha256 = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'hmacSha256',
    contexts: ['SERVER'],
    permission: (_data, keyId) => [[keyId]],
    create: (env) => {
      const { services } = scopeOf(env);
      return (data: unknown, keyId: unknown, options: unknown) => {
        expectArg('hmacSha256', 0, 'data', data, 'string');
        expectArg('hmacSha256', 1, 'keyId', keyId, 'string');
        expectArg('hmacSha256', 2, 'options', options, 'object', true);
        const encoding = (options as { outputEncoding?: unknown } | undefined)?.outputEncoding ?? 'base64url';
        if (!(HMAC_ENCODINGS as readonly unknown[]).includes(encoding)) {
          throw new ApiError('hmacSha256', `options.outputEncoding must be ${HMAC_ENCODINGS.map((e) => `'${e}'`).join(', ')}, not ${JSON.stringify(encoding)}`);
        }
        const keys = services.privateKeys();
        if ('problem' in keys) throw new ApiError('hmacSha256', keys.problem);
        const key = keys.get(keyId as string);
        if (!key) throw new ApiError('hmacSha256', `the key file has no key "${keyId as string}" (it has ${[...keys.keys()].join(', ') || 'none'})`);
        return hmac(key, data as string, encoding as HmacEncoding);
      };
    },
  });
