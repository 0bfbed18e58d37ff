// Consent state as GTM keeps it on a page: per consent type a default (from `consent default` commands) and an
// update (from `consent update`); the update wins. A type with no state counts as granted. Listeners hear every
// change of a type between granted and denied, with the new state: an unset type set to granted changes nothing.
// Defaults may name regions (ISO 3166-2: 'US', 'US-CA'); they apply only when the page's region matches, and the
// most specific match wins over a default without regions. wait_for_update only delays tags that wait for consent,
// which the emulator does not fire by itself, so it is accepted and has no effect.
// [3P: the templates API page as stape paraphrases it (isConsentGranted, addConsentListener); DOC: consent mode's
//  region rules. UNVERIFIED: that a default that denies an unset type calls listeners.]

export type ConsentValue = 'granted' | 'denied';

/** Keys of a consent command that are settings, not consent types. */
export const CONSENT_SETTINGS = new Set(['region', 'wait_for_update']);

export type ConsentListener = (consentType: string, granted: boolean) => void;

export function isConsentValue(value: unknown): value is ConsentValue {
  return value === 'granted' || value === 'denied';
}

interface Default {
  value: ConsentValue;
  /** 0: no region, 1: a country, 2: a country subdivision */
  specificity: number;
}

export class ConsentState {
  private readonly defaults = new Map<string, Default>();
  private readonly updates = new Map<string, ConsentValue>();
  private readonly listeners = new Map<string, ConsentListener[]>();

  /** `region`: where the page is, as 'US' or 'US-CA'; regional defaults never apply without it. */
  constructor(private readonly region?: string) {}

  /** 'granted', 'denied', or undefined when nothing set the type. */
  value(consentType: string): ConsentValue | undefined {
    return this.updates.get(consentType) ?? this.defaults.get(consentType)?.value;
  }

  isGranted(consentType: string): boolean {
    return this.value(consentType) !== 'denied';
  }

  listen(consentType: string, listener: ConsentListener): void {
    this.listeners.set(consentType, [...(this.listeners.get(consentType) ?? []), listener]);
  }

  /** A `consent default` command. Entries whose value is neither 'granted' nor 'denied' are ignored. */
  setDefault(command: Record<string, unknown>): void {
    const specificity = this.regionMatch(command['region']);
    if (specificity === undefined) return;
    this.change(command, (type, value) => {
      const current = this.defaults.get(type);
      if (!current || current.specificity <= specificity) this.defaults.set(type, { value, specificity });
    });
  }

  /** A `consent update` command. */
  update(command: Record<string, unknown>): void {
    this.change(command, (type, value) => this.updates.set(type, value));
  }

  /** How specifically `regions` names the page's region; undefined when the default does not apply here. */
  private regionMatch(regions: unknown): number | undefined {
    if (!Array.isArray(regions) || regions.length === 0) return 0;
    const here = this.region?.toUpperCase();
    if (here === undefined) return undefined;
    const matches = regions.map((r) => String(r).toUpperCase()).filter((r) => r === here || here.startsWith(`${r}-`));
    return matches.length === 0 ? undefined : Math.max(...matches.map((r) => (r.includes('-') ? 2 : 1)));
  }

  /** Applies the command's entries, then tells the listeners of every type whose granted state changed. */
  private change(command: Record<string, unknown>, apply: (type: string, value: ConsentValue) => void): void {
    const types = Object.keys(command).filter((key) => !CONSENT_SETTINGS.has(key) && isConsentValue(command[key]));
    const before = new Map(types.map((type) => [type, this.isGranted(type)]));
    for (const type of types) apply(type, command[type] as ConsentValue);
    const errors: unknown[] = [];
    for (const type of types) {
      const granted = this.isGranted(type);
      if (granted === before.get(type)) continue;
      for (const listener of this.listeners.get(type) ?? []) {
        try {
          listener(type, granted);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    // every listener heard the change; the first failure then reaches whoever processed the command
    if (errors.length > 0) throw errors[0];
  }
}
