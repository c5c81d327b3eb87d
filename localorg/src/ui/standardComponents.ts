// The local org's stand-ins for Lightning's standard record page components, as a FlexiPage
// names them: the highlights panel (the compact layout), the detail panel (every field),
// the related lists (each child relationship through the UI API's related-list records)
// and the record feed (the record's created and last-modified events; Chatter itself is
// not simulated). Each becomes a placeholder the browser bundle mounts a component into.
import { nameFieldOf } from '../api/uiapi/records.ts';
import type { ListViewDef } from '../schema/listViews.ts';
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import type { UiBundle } from './build.ts';
import { placeholder } from './html.ts';

export interface RecordContext {
  schema: Schema;
  bundle: UiBundle;
  /** The org's list views: a related list without a compact layout shows its object's list columns. */
  listViews: readonly ListViewDef[];
  object: ObjectDef;
  recordId: string;
  /**
   * What the viewer may read: Lightning shows no related list of an object, or through a lookup,
   * the user cannot see, and no column of a field they cannot see.
   */
  visible: Visibility;
}

export interface Visibility {
  object(o: ObjectDef): boolean;
  field(o: ObjectDef, field: FieldDef): boolean;
}

/** Fields Lightning's default layouts leave out: ids and audit timestamps shown elsewhere. */
const HIDDEN_FIELDS = new Set(['Id', 'IsDeleted', 'SystemModstamp', 'CreatedDate', 'LastModifiedDate']);
const AUDIT_FIELDS = ['CreatedById', 'LastModifiedById'];

/** Lookups show the related record's name, so each lookup brings its relationship's name field. */
function withLookupNames(schema: Schema, o: ObjectDef, fields: FieldDef[]): string[] {
  return fields.flatMap((f) => {
    const target = f.relationshipName ? schema.object(f.referenceTo[0] ?? '') : undefined;
    const targetName = target ? nameFieldOf(target) : undefined;
    const own = `${o.name}.${f.name}`;
    return targetName ? [own, `${o.name}.${f.relationshipName}.${targetName.name}`] : [own];
  });
}

/** The default page layout: the name and owner, the object's own fields, then who created and changed it. */
export function detailFields(schema: Schema, o: ObjectDef): string[] {
  const ordered = [
    nameFieldOf(o),
    schema.field(o, 'OwnerId'),
    ...o.fields.filter((f) => f.custom),
    ...o.fields.filter(
      (f) => !f.custom && !f.nameField && f.name !== 'OwnerId' && !AUDIT_FIELDS.includes(f.name)
    ),
    ...AUDIT_FIELDS.map((name) => schema.field(o, name))
  ].filter((f): f is FieldDef => f !== undefined && !HIDDEN_FIELDS.has(f.name));
  return withLookupNames(schema, o, [...new Set(ordered)]);
}

/** The compact layout from force-app, or the system default: the name, a status and the owner. */
export function highlightFields(schema: Schema, o: ObjectDef, bundle: UiBundle): string[] {
  const assigned = (bundle.compactLayouts[o.name] ?? []).map((name) => schema.field(o, name));
  const fields =
    assigned.length > 0
      ? assigned
      : [
          nameFieldOf(o),
          o.fields.find((f) => f.type === 'picklist' && /status|stage/i.test(f.name)),
          o.fields.find((f) => f.name === 'OwnerId')
        ];
  return withLookupNames(
    schema,
    o,
    fields.filter((f): f is FieldDef => f !== undefined)
  );
}

export function tabIconOf(bundle: UiBundle, objectName: string): string | undefined {
  return bundle.tabs.find((t) => t.object === objectName)?.iconName ?? undefined;
}

export interface RelatedListSpec {
  /** The child relationship's name, which the UI API takes as the related list's Id. */
  relatedListId: string;
  label: string;
  objectApiName: string;
  iconName: string | undefined;
  /** Qualified fields the list asks for, lookups with their names. */
  fields: string[];
  /** The columns shown, by field API name. */
  columns: Array<{ fieldApiName: string; label: string }>;
}

/** Objects behind the scenes of a record (sharing rows, history, feeds): no related list for them. */
const SYSTEM_CHILD = /(Share|History|Feed)$|^(User|Profile|UserRole|Organization|Group|GroupMember)$/;
const SYSTEM_FIELDS = new Set([
  'Id',
  'IsDeleted',
  'OwnerId',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp'
]);
/** Columns a related list card shows. */
const RELATED_LIST_COLUMNS = 4;
/** Without a layout to follow, short values read best in a narrow card: picklists, numbers, dates. */
const TYPE_RANK: Partial<Record<FieldDef['type'], number>> = {
  picklist: 0,
  currency: 1,
  percent: 1,
  double: 1,
  int: 1,
  date: 2,
  datetime: 2,
  reference: 3,
  boolean: 4
};

const columnLabel = (f: FieldDef): string =>
  f.type === 'reference' && / ID$/.test(f.label) ? f.label.slice(0, -3) : f.label;

/**
 * A related list's columns: the child's compact layout (what Lightning shows of a record in
 * little room), else the columns of its first list view, else its name and its first short
 * custom fields. The lookup to the parent is never a column: every row has the same one.
 */
function relatedListColumns(
  schema: Schema,
  bundle: UiBundle,
  listViews: readonly ListViewDef[],
  child: ObjectDef,
  foreignKey: FieldDef | undefined
): FieldDef[] {
  const name = nameFieldOf(child);
  const usable = (f: FieldDef | undefined): f is FieldDef =>
    f !== undefined && f !== foreignKey && !(f.type === 'textarea' && f.length > 255);
  const compact = (bundle.compactLayouts[child.name] ?? []).map((n) => schema.field(child, n)).filter(usable);
  const view =
    listViews.find((v) => v.object === child.name && /^All/i.test(v.apiName)) ??
    listViews.find((v) => v.object === child.name);
  const listed = (view?.columns ?? []).map((c) => schema.field(child, c.lookupId ?? c.path)).filter(usable);
  const ranked = child.fields
    .filter((f) => usable(f) && f.custom && !f.nameField && !SYSTEM_FIELDS.has(f.name))
    .map((f, i) => ({ f, rank: (TYPE_RANK[f.type] ?? 5) * 1000 + i }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ f }) => f);
  const chosen = compact.length > 0 ? compact : listed.length > 0 ? listed : ranked;
  const withName = name && !chosen.includes(name) ? [name, ...chosen] : chosen;
  return withName.slice(0, RELATED_LIST_COLUMNS);
}

/** The related lists of an object: one per child relationship, in the order the schema lists them. */
export function relatedListsOf(
  schema: Schema,
  bundle: UiBundle,
  listViews: readonly ListViewDef[],
  o: ObjectDef,
  visible: Visibility
): RelatedListSpec[] {
  return o.childRelationships.flatMap((relationship) => {
    const child = schema.object(relationship.childSObject);
    if (!child || !relationship.relationshipName || SYSTEM_CHILD.test(child.name)) return [];
    const foreignKey = schema.field(child, relationship.field);
    if (!visible.object(child) || !foreignKey || !visible.field(child, foreignKey)) return [];
    const shown = relatedListColumns(schema, bundle, listViews, child, foreignKey).filter((f) =>
      visible.field(child, f)
    );
    // The lookup's related list label, as an admin set it; else the child's plural, told apart when needed.
    const several =
      o.childRelationships.filter((r) => r.childSObject === child.name && r.relationshipName).length > 1;
    const label =
      (foreignKey && bundle.relationshipLabels[`${child.name}.${foreignKey.name}`]) ??
      (several && foreignKey ? `${child.labelPlural} (${columnLabel(foreignKey)})` : child.labelPlural);
    return [
      {
        relatedListId: relationship.relationshipName,
        label,
        objectApiName: child.name,
        iconName: tabIconOf(bundle, child.name),
        fields: withLookupNames(schema, child, shown),
        columns: shown.map((f) => ({ fieldApiName: f.name, label: columnLabel(f) }))
      }
    ];
  });
}

type Properties = Record<string, string | string[]>;

/** Where a component sits: inside a tab (no card of its own), and in a wide region or the sidebar. */
export interface Placement {
  inTab: boolean;
  wide: boolean;
}

/**
 * A standard component's stand-in, or undefined when the local org has none for that name.
 * Record components need a record, so on an app page they have no stand-in either.
 */
export function standardComponent(
  componentName: string,
  properties: Properties,
  ctx: RecordContext,
  placement: Placement = { inTab: false, wide: true }
): string | undefined {
  const { schema, bundle, listViews, object: o, recordId, visible } = ctx;
  const props = { recordId, objectApiName: o.name };
  switch (componentName) {
    case 'force:highlightsPanel':
      return placeholder('localorg-record-highlights', {
        ...props,
        fields: highlightFields(schema, o, bundle),
        iconName: tabIconOf(bundle, o.name)
      });
    case 'force:detailPanel':
      return placeholder('localorg-record-details', {
        ...props,
        fields: detailFields(schema, o),
        // Inside a tab the fields have no card of their own, as in Lightning; wide, they take two columns.
        embedded: placement.inTab,
        columns: placement.wide ? 2 : 1
      });
    case 'force:relatedListContainer':
      return placeholder('localorg-related-list-container', {
        ...props,
        lists: relatedListsOf(schema, bundle, listViews, o, visible)
      });
    case 'force:relatedListSingleContainer': {
      const wanted = String(properties.relatedListApiName ?? '').toLowerCase();
      const lists = relatedListsOf(schema, bundle, listViews, o, visible).filter(
        (l) => l.relatedListId.toLowerCase() === wanted
      );
      return placeholder('localorg-related-list-container', { ...props, lists });
    }
    case 'forceChatter:recordFeedContainer':
      return placeholder('localorg-record-feed', { ...props });
    default:
      return undefined;
  }
}
