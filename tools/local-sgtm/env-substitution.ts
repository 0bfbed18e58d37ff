// `${NAME}` references in configuration values, read from the environment the way a shell or docker compose reads
// them, so that a committed config file can name what only the running stack knows (the local GCS URL, a token).

export type Environment = Readonly<Record<string, string | undefined>>;

/** `${NAME}`, `${NAME:-default}`, or `$${` for a literal `${`. */
const REFERENCE = /\$(\$?)\{([^}]*)\}?/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The text with every reference replaced; throws an Error saying what to write when one cannot be. */
export function substituteEnv(text: string, env: Environment): string {
  return text.replace(REFERENCE, (whole, escaped: string, inner: string) => {
    if (escaped) return whole.slice(1);
    if (!whole.endsWith('}')) throw new Error(`"${whole}" has no closing brace: write \${NAME}, or $\${ for a literal "\${"`);
    const separator = inner.indexOf(':-');
    const name = separator === -1 ? inner : inner.slice(0, separator);
    if (!NAME.test(name)) throw new Error(`"${whole}" does not name an environment variable: write \${NAME} or \${NAME:-default}, or $\${ for a literal "\${"`);
    const value = env[name];
    // as in a shell, ':-' also replaces a variable set to the empty string
    if (separator !== -1) return value === undefined || value === '' ? inner.slice(separator + 2) : value;
    if (value === undefined) throw new Error(`the environment variable ${name} is not set: set it, or write \${${name}:-default} to give a default`);
    return value;
  });
}
