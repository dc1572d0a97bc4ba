// The lead as the widget's rules see it: the project's own narrow types (api/parse.ts builds them from raw JSON).

/** A lead tag; `color` is "#rrggbb" lower-case, or null when the account gave none. */
export interface Tag {
  id: number;
  name: string;
  color: string | null;
}

/** Status `type` 1 is Unsorted; won and lost have the same ids in every pipeline (see stages.ts). */
export interface Stage {
  id: number;
  name: string;
  sort: number;
  /** "#rrggbb" lower-case. */
  color: string;
  pipelineId: number;
  kind: 'open' | 'unsorted' | 'won' | 'lost';
}

export interface Pipeline {
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isArchive: boolean;
  /** Sorted by `sort`. */
  stages: readonly Stage[];
}

export interface LossReason {
  id: number;
  name: string;
  sort: number;
}

export interface Lead {
  id: number;
  name: string;
  /** Integer budget; a null price becomes 0. */
  price: number;
  statusId: number;
  pipelineId: number;
  lossReasonId: number | null;
  /** From `_embedded.loss_reason` (array or object in the wild). */
  lossReason: LossReason | null;
  tags: readonly Tag[];
  mainContactId: number | null;
  contactIds: readonly number[];
  sourceId: number | null;
  /** `_embedded.source.name` when the response names the source; people never see a bare source id. */
  sourceName: string | null;
  responsibleUserId: number | null;
  updatedAt: number;
  closedAt: number | null;
  isDeleted: boolean;
  /** `custom_fields_values`, narrowed: the panel reads them to know which required fields are empty. */
  customFields: readonly LeadFieldValues[];
}

/** One value of a lead's custom field as the API gives it: text (numbers too), a boolean, seconds, a choice. */
export interface FieldValue {
  value: string | number | boolean | null;
  enumId: number | null;
}

export interface LeadFieldValues {
  fieldId: number;
  values: readonly FieldValue[];
}

/** A value as PATCH writes it, by type (API.md): text-like as a string, checkbox boolean, date seconds, enum id. */
export type FieldValueOut = { value: string } | { value: boolean } | { value: number } | { enum_id: number };

export interface FieldPatch {
  field_id: number;
  values: readonly FieldValueOut[];
}

export type TagRef = { id: number } | { name: string };

/** The body of PATCH /api/v4/leads/{id}: only what changes (see patch.ts). */
export interface LeadPatch {
  price?: number;
  status_id?: number;
  pipeline_id?: number;
  loss_reason_id?: number;
  tags_to_add?: readonly TagRef[];
  tags_to_delete?: readonly TagRef[];
  /** Only the fields filled in this step; every other field stays as it is. */
  custom_fields_values?: readonly FieldPatch[];
}

/** A stage a custom field must be filled for before a deal enters it (the admin's rule). */
export interface RequiredStage {
  statusId: number;
  pipelineId: number;
}

export interface CustomFieldEnum {
  id: number;
  value: string;
  sort: number;
}

/** A lead custom field as GET /api/v4/leads/custom_fields describes it. */
export interface CustomField {
  id: number;
  name: string;
  code: string | null;
  sort: number;
  /** text, numeric, select, file, ... — kept as given: new types appear without notice. */
  type: string;
  /** Sorted by `sort`; empty for types without choices. */
  enums: readonly CustomFieldEnum[];
  requiredStatuses: readonly RequiredStage[];
  isApiOnly: boolean;
}
