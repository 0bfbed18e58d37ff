// The typed template definition: what a template's `template.ts` declares, and the type of `data` it implies.
//
// This file is also type-checked inside the sandbox program, which has GTM's standard library instead of
// TypeScript's. So it uses only language features and the few global types every program has (Array,
// ReadonlyArray, primitives, Partial/Record/Pick/Omit/Exclude/Extract/NonNullable), and its one function
// is an identity. Parameter objects use GTM's own JSON keys so that GTM users recognise them; `to-gtm.ts`
// adds what GTM always writes and puts the keys in GTM's order, `check.ts` checks what types cannot.

import type { PermissionSettingsOf } from '../permissions/settings.ts';

export type TemplateType = 'TAG' | 'MACRO' | 'CLIENT';
export type ContainerContext = 'WEB' | 'SERVER';

/**
 * Community Template Gallery categories. Seen in exported INFO sections: ADVERTISING, ANALYTICS, CONVERSIONS,
 * DATA_WAREHOUSING, MARKETING, PERSONALIZATION, REMARKETING, TAG_MANAGEMENT, UTILITY. The others complete the
 * Gallery's list as remembered; the stored copy of its submission page did not show the list (unverified).
 */
export type TemplateCategory =
  | 'ADVERTISING'
  | 'AFFILIATE_MARKETING'
  | 'ANALYTICS'
  | 'ATTRIBUTION'
  | 'CHAT'
  | 'CONVERSIONS'
  | 'DATA_WAREHOUSING'
  | 'EMAIL_MARKETING'
  | 'EXPERIMENTATION'
  | 'HEAT_MAP'
  | 'LEAD_GENERATION'
  | 'MARKETING'
  | 'PERSONALIZATION'
  | 'REMARKETING'
  | 'SALES'
  | 'SESSION_RECORDING'
  | 'SOCIAL'
  | 'SURVEY'
  | 'TAG_MANAGEMENT'
  | 'UTILITY';

export interface BrandInfo {
  /** 'brand_dummy', or 'github.com_<owner>' for Gallery templates */
  readonly id: string;
  readonly displayName: string;
  /** path of a PNG relative to the template folder; the build embeds it as a data URL */
  readonly thumbnail?: string;
}

interface InfoFields {
  readonly displayName: string;
  readonly description: string;
  readonly categories?: readonly TemplateCategory[];
  readonly brand: BrandInfo;
}

/** ___INFO___ without what GTM fixes itself (id, version, securityGroups). A CLIENT exists only on a server. */
export type TemplateInfo<C extends ContainerContext = ContainerContext> = InfoFields &
  (C extends 'SERVER'
    ? { readonly type: TemplateType; readonly context: C }
    : { readonly type: 'TAG' | 'MACRO'; readonly context: C });

// ----- values, conditions, validators -----

/** A value GTM stores for a select or radio item (exports hold strings, numbers such as 200, and booleans). */
export type ItemValue = string | number | boolean;

/** Several conditions on one field are OR'd: enabled when any holds (stape-io/data-client relies on it). */
export type EnablingCondition =
  | { readonly paramName: string; readonly paramValue: ItemValue; readonly type: 'EQUALS' | 'NOT_EQUALS' }
  | { readonly paramName: string; readonly paramValue?: ''; readonly type: 'PRESENT' | 'NOT_PRESENT' };

export type ConditionType = EnablingCondition['type'];

interface ValidatorFields {
  /** shown instead of GTM's own message */
  readonly errorMessage?: string;
  /** the validator only runs while one of these holds */
  readonly enablingConditions?: readonly EnablingCondition[];
}

/** Validators without arguments. */
export type ArglessValidatorType = 'NON_EMPTY' | 'NUMBER' | 'POSITIVE_NUMBER' | 'NON_NEGATIVE_NUMBER' | 'GA_TRACKING_ID';

type ArglessValidator = { [V in ArglessValidatorType]: ValidatorFields & { readonly type: V } }[ArglessValidatorType];

export interface StringLengthValidator extends ValidatorFields {
  readonly type: 'STRING_LENGTH';
  readonly args: readonly [min: number, max: number];
}

/** GTM matches the pattern against the whole value; anchor or pad with `.*` as needed. */
export interface RegexValidator extends ValidatorFields {
  readonly type: 'REGEX';
  readonly args: readonly [pattern: string];
}

export interface TableRowCountValidator extends ValidatorFields {
  readonly type: 'TABLE_ROW_COUNT';
  readonly args: readonly [min: number] | readonly [min: number, max: number];
}

export type Validator = ArglessValidator | StringLengthValidator | RegexValidator | TableRowCountValidator;
export type ValidatorType = Validator['type'];

type NumberValidatorType = 'NUMBER' | 'POSITIVE_NUMBER' | 'NON_NEGATIVE_NUMBER';

/**
 * Which validators fit which kind of field (CHECKBOX, GROUP and LABEL take none). TABLE_ROW_COUNT on TEXT
 * needs `textAsList` (checked in check.ts).
 */
export interface ValidatorTypesOf {
  TEXT: 'NON_EMPTY' | 'STRING_LENGTH' | NumberValidatorType | 'REGEX' | 'GA_TRACKING_ID' | 'TABLE_ROW_COUNT';
  SELECT: 'NON_EMPTY' | 'REGEX' | NumberValidatorType;
  RADIO: 'NON_EMPTY';
  SIMPLE_TABLE: 'NON_EMPTY' | 'TABLE_ROW_COUNT';
  PARAM_TABLE: 'NON_EMPTY' | 'TABLE_ROW_COUNT';
  TEXT_COLUMN: 'NON_EMPTY' | 'STRING_LENGTH' | NumberValidatorType | 'REGEX' | 'GA_TRACKING_ID';
  SELECT_COLUMN: 'NON_EMPTY' | 'REGEX';
}

export type ValidatorFor<K extends keyof ValidatorTypesOf> = Extract<Validator, { readonly type: ValidatorTypesOf[K] }>;

// ----- parameters -----

interface FieldFields {
  /** the key of `data` in the template code */
  readonly name: string;
  /** HTML allowed */
  readonly help?: string;
  readonly enablingConditions?: readonly EnablingCondition[];
  readonly alwaysInSummary?: boolean;
  readonly clearOnCopy?: boolean;
}

export interface TextParameter extends FieldFields {
  readonly type: 'TEXT';
  readonly displayName?: string;
  /** "Allow empty strings": an emptied field gives '' instead of undefined */
  readonly canBeEmptyString?: boolean;
  /** more than 1 makes a text area */
  readonly lineCount?: number;
  /** each line becomes an element of an array */
  readonly textAsList?: boolean;
  readonly notSetText?: string;
  readonly valueUnit?: string;
  /** placeholder */
  readonly valueHint?: string;
  readonly defaultValue?: string | number;
  readonly valueValidators?: readonly ValidatorFor<'TEXT'>[];
}

export interface SelectItem {
  readonly value: ItemValue;
  readonly displayValue: string;
}

export interface SelectParameter extends FieldFields {
  readonly type: 'SELECT';
  readonly displayName?: string;
  /** "Include variables": the user may pick a variable instead of an item; default false */
  readonly macrosInSelect?: boolean;
  readonly selectItems: readonly SelectItem[];
  /** adds a "not set" choice, which gives '' */
  readonly notSetText?: string;
  readonly defaultValue?: ItemValue;
  readonly subParams?: readonly Parameter[];
  readonly valueValidators?: readonly ValidatorFor<'SELECT'>[];
}

export interface CheckboxParameter extends FieldFields {
  readonly type: 'CHECKBOX';
  /** the label next to the box (a checkbox has no displayName) */
  readonly checkboxText: string;
  readonly defaultValue?: boolean;
  readonly subParams?: readonly Parameter[];
}

export interface RadioItem {
  readonly value: ItemValue;
  readonly displayValue: string;
  /** shown, and enabled, only while this item is chosen */
  readonly subParams?: readonly Parameter[];
}

export interface RadioParameter extends FieldFields {
  readonly type: 'RADIO';
  readonly displayName?: string;
  readonly radioItems: readonly RadioItem[];
  readonly defaultValue?: ItemValue;
  readonly valueValidators?: readonly ValidatorFor<'RADIO'>[];
}

interface ColumnFields {
  /** the key of each row object */
  readonly name: string;
  readonly displayName?: string;
  /** no two rows may hold the same value in this column */
  readonly isUnique?: boolean;
}

export interface TextColumn extends ColumnFields {
  readonly type: 'TEXT';
  readonly defaultValue?: string;
  readonly valueHint?: string;
  readonly valueValidators?: readonly ValidatorFor<'TEXT_COLUMN'>[];
}

export interface SelectColumn extends ColumnFields {
  readonly type: 'SELECT';
  readonly selectItems: readonly SelectItem[];
  readonly defaultValue?: ItemValue;
  readonly valueValidators?: readonly ValidatorFor<'SELECT_COLUMN'>[];
}

export type SimpleTableColumn = TextColumn | SelectColumn;

export interface SimpleTableParameter extends FieldFields {
  readonly type: 'SIMPLE_TABLE';
  readonly displayName?: string;
  readonly simpleTableColumns: readonly SimpleTableColumn[];
  readonly newRowButtonText?: string;
  readonly valueValidators?: readonly ValidatorFor<'SIMPLE_TABLE'>[];
}

/** A column of a PARAM_TABLE is a whole field, edited in a dialog; its name keys each row object. */
export type ColumnParameter = TextParameter | Omit<SelectParameter, 'subParams'> | Omit<CheckboxParameter, 'subParams'>;

export interface ParamTableColumn {
  readonly param: ColumnParameter;
  readonly isUnique?: boolean;
}

export interface ParamTableParameter extends FieldFields {
  readonly type: 'PARAM_TABLE';
  readonly displayName?: string;
  readonly paramTableColumns: readonly ParamTableColumn[];
  readonly newRowButtonText?: string;
  /** title of the dialog that adds a row */
  readonly newRowTitle?: string;
  /** title of the dialog that edits a row */
  readonly editRowTitle?: string;
  readonly valueValidators?: readonly ValidatorFor<'PARAM_TABLE'>[];
}

/** NO_ZIPPY: a plain section; ZIPPY_OPEN_ON_PARAM: collapsed unless a child differs from its default. */
export type GroupStyle = 'NO_ZIPPY' | 'ZIPPY_OPEN' | 'ZIPPY_CLOSED' | 'ZIPPY_OPEN_ON_PARAM';

/** A group adds nothing to `data`: its children are keys of `data` themselves. */
export interface GroupParameter {
  readonly type: 'GROUP';
  readonly name: string;
  readonly displayName?: string;
  readonly groupStyle: GroupStyle;
  readonly subParams: readonly Parameter[];
  readonly enablingConditions?: readonly EnablingCondition[];
}

/** Text in the form (HTML allowed); not in `data`. */
export interface LabelParameter {
  readonly type: 'LABEL';
  readonly name: string;
  readonly displayName: string;
  readonly enablingConditions?: readonly EnablingCondition[];
}

export type Parameter =
  | TextParameter
  | SelectParameter
  | CheckboxParameter
  | RadioParameter
  | SimpleTableParameter
  | ParamTableParameter
  | GroupParameter
  | LabelParameter;

export type ParameterType = Parameter['type'];

// ----- the definition -----

interface DefinitionIn<C extends ContainerContext> {
  readonly info: TemplateInfo<C>;
  readonly parameters: readonly Parameter[];
  /** the permissions section; `tools/gtm/permissions` turns it into GTM's JSON */
  readonly permissions: PermissionSettingsOf<C>;
  /** the ___NOTES___ section */
  readonly notes?: string;
}

export type TemplateDefinition = DefinitionIn<'WEB'> | DefinitionIn<'SERVER'>;

/** What inference starts from: permissions are held to the template's own context by `OwnContext`. */
interface DefinitionLike {
  readonly info: TemplateInfo;
  readonly parameters: readonly Parameter[];
  readonly permissions: object;
  readonly notes?: string;
}

/**
 * Declares a template. The `const` type parameter keeps parameter names and item values as literal types,
 * which `DataOf` turns into the type of `data`. A generic parameter alone gets no excess-property check;
 * intersecting it with the definition of its own context brings that check back, so a misspelt key, or a
 * permission of the other context, is an error where it is written.
 */
export function defineTemplate<const T extends DefinitionLike>(definition: T & OwnContext<T>): T {
  return definition;
}

type OwnContext<T extends DefinitionLike, C extends ContainerContext = T['info']['context']> = DefinitionIn<C> & {
  readonly permissions: {
    readonly [K in Exclude<keyof T['permissions'], keyof PermissionSettingsOf<C>> & string]: `${K} is not a permission of ${C} templates`;
  };
};

// ----- the type of `data` -----

/**
 * The type of `data` in the template code: every field of the form under its name, however deeply it is
 * nested in groups, in checkbox/select children and in radio items (GTM passes them all flat).
 *
 * Which values may be undefined:
 * - a field under an enabling condition (its own, an enclosing field's, or inside a radio item) may be off;
 * - a TEXT field gives undefined when left empty, unless an unconditional NON_EMPTY validator forbids that;
 * - a table gives undefined without rows, unless NON_EMPTY or TABLE_ROW_COUNT (min >= 1) requires one;
 * - a RADIO without defaultValue or NON_EMPTY may have nothing chosen.
 * A SELECT always has a value ('' for its notSetText choice); a CHECKBOX is true or false.
 * A field holding only a variable reference passes the variable's value as it is, whatever its type:
 * TEXT fields and SELECT fields that allow variables are typed `string` for the usual case.
 * TAG templates also get the callbacks GTM passes; web tags also get their tag and event ids.
 */
export type DataOf<T extends TemplateDefinition> = DataFromEntries<EntriesOfList<T['parameters'], false>> &
  CallbacksOf<T['info']>;

interface Entry<N, V> {
  readonly name: N;
  readonly value: V;
}

type DataFromEntries<E> = { readonly [En in E & Entry<string, unknown> as En['name']]: En['value'] };

type CallbacksOf<I> = I extends { readonly type: 'TAG' }
  ? {
      readonly gtmOnSuccess: () => void;
      readonly gtmOnFailure: () => void;
    } & (I extends { readonly context: 'WEB' } ? { readonly gtmTagId: number; readonly gtmEventId: number } : {})
  : {};

type EntriesOfList<L, Off extends boolean> = L extends readonly (infer P)[] ? EntriesOf<P, Off> : never;

/** `Off`: an enclosing field may switch this one off */
type EntriesOf<P, Off extends boolean> = P extends { readonly type: 'LABEL' }
  ? never
  : P extends { readonly type: 'GROUP'; readonly subParams: infer S }
    ? EntriesOfList<S, MayBeOff<P, Off>>
    : P extends { readonly type: 'RADIO'; readonly name: infer N; readonly radioItems: readonly (infer Item)[] }
      ? Entry<N, FieldValue<P, MayBeOff<P, Off>>> | ChildEntries<Item, true>
      : P extends { readonly name: infer N }
        ? Entry<N, FieldValue<P, MayBeOff<P, Off>>> | ChildEntries<P, MayBeOff<P, Off>>
        : never;

type ChildEntries<P, Off extends boolean> = P extends { readonly subParams: infer S } ? EntriesOfList<S, Off> : never;

type MayBeOff<P, Off extends boolean> = Off extends true ? true : HasConditions<P>;
type HasConditions<P> = P extends { readonly enablingConditions: readonly [unknown, ...unknown[]] } ? true : false;

type FieldValue<P, Off extends boolean> = Off extends true
  ? ValueOf<P> | undefined
  : AlwaysSet<P> extends true
    ? ValueOf<P>
    : ValueOf<P> | undefined;

type ValueOf<P> = P extends { readonly type: 'TEXT' }
  ? P extends { readonly textAsList: true }
    ? readonly string[]
    : string
  : P extends { readonly type: 'CHECKBOX' }
    ? boolean
    : P extends { readonly type: 'SELECT'; readonly selectItems: readonly (infer Item)[] }
      ?
          | ItemValueOf<Item>
          | (P extends { readonly macrosInSelect: true } ? string : never)
          | (P extends { readonly notSetText: string } ? '' : never)
      : P extends { readonly type: 'RADIO'; readonly radioItems: readonly (infer Item)[] }
        ? ItemValueOf<Item>
        : P extends { readonly type: 'SIMPLE_TABLE'; readonly simpleTableColumns: readonly (infer C)[] }
          ? readonly SimpleRow<C>[]
          : P extends { readonly type: 'PARAM_TABLE'; readonly paramTableColumns: readonly (infer C)[] }
            ? readonly ParamRow<C>[]
            : never;

type ItemValueOf<Item> = Item extends { readonly value: infer V } ? V : never;

type SimpleRow<C> = {
  readonly [Col in C & { readonly name: string } as Col['name']]: Col extends {
    readonly type: 'SELECT';
    readonly selectItems: readonly (infer Item)[];
  }
    ? ItemValueOf<Item>
    : string;
};

type ParamRow<C> = {
  readonly [Col in C & { readonly param: { readonly name: string } } as Col['param']['name']]: FieldValue<
    Col['param'],
    false
  >;
};

/** whether GTM always passes a value for this field while it is enabled */
type AlwaysSet<P> = P extends { readonly type: 'CHECKBOX' | 'SELECT' }
  ? true
  : P extends { readonly type: 'RADIO'; readonly defaultValue: ItemValue }
    ? true
    : P extends { readonly type: 'TEXT' | 'RADIO' }
      ? Requires<P, { readonly type: 'NON_EMPTY' }>
      : P extends { readonly type: 'SIMPLE_TABLE' | 'PARAM_TABLE' }
        ? Requires<P, { readonly type: 'NON_EMPTY' | 'TABLE_ROW_COUNT' }>
        : false;

/** true when one of the field's validators matches `V`, runs unconditionally and does not allow 0 rows */
type Requires<P, V> = P extends { readonly valueValidators: readonly (infer Val)[] }
  ? true extends (Val extends V ? (HasConditions<Val> extends true ? false : IsNotZeroMin<Val>) : false)
    ? true
    : false
  : false;

type IsNotZeroMin<Val> = Val extends { readonly args: readonly [0, ...unknown[]] } ? false : true;
