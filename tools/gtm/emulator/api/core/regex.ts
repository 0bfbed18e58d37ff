// createRegex and testRegex (server). A regex is a realm RegExp, so that string methods in the sandbox (match,
// replace, search, split) accept it; its own methods are trimmed away (realm.ts), testRegex is the way to test.
import { ApiError } from '../../errors.ts';
import { expectArg } from '../args.ts';
import { defineApi, type ApiEnvironment } from '../define.ts';
import { translateRe2 } from './re2.ts';

/** The regexes createRegex made, per sandbox: testRegex accepts only these. */
const made = new WeakMap<ApiEnvironment, WeakSet<object>>();

function madeBy(env: ApiEnvironment): WeakSet<object> {
  let set = made.get(env);
  if (!set) made.set(env, (set = new WeakSet()));
  return set;
}

/** null for a pattern RE2 rejects. Of the flags, 'g' and 'i' count; other letters are ignored. */
export const createRegexApi = defineApi({
  name: 'createRegex',
  contexts: ['SERVER'],
  create: (env) => (pattern: unknown, flags: unknown) => {
    expectArg('createRegex', 0, 'pattern', pattern, 'string');
    expectArg('createRegex', 1, 'flags', flags, 'string', true);
    const translated = translateRe2(pattern as string);
    if ('error' in translated) return null;
    const wanted = [...new Set(((flags as string | undefined) ?? '').split(''))].filter((f) => f === 'g' || f === 'i').join('');
    let regex: RegExp;
    try {
      regex = new env.boundary.realm.intrinsics.RegExp(translated.source, [...new Set(translated.flags + wanted)].join(''));
    } catch {
      return null;
    }
    madeBy(env).add(regex);
    env.boundary.allow(regex);
    return regex;
  },
});

/** Whether `string` matches; a global regex keeps its position (lastIndex) between calls. */
export const testRegexApi = defineApi({
  name: 'testRegex',
  contexts: ['SERVER'],
  create: (env) => (regex: unknown, string: unknown) => {
    if (typeof regex !== 'object' || regex === null || !madeBy(env).has(regex)) {
      throw new ApiError('testRegex', 'argument 1 (regex) must be a regex made by createRegex');
    }
    expectArg('testRegex', 1, 'string', string, 'string');
    return RegExp.prototype.test.call(regex, string as string);
  },
});
