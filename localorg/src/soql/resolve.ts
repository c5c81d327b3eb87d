// Names in a SOQL query → the schema and SQL. A Scope is one FROM object (the main query, a
// child subquery or a semi-join) with the LEFT JOINs its relationship paths need. Every object
// and field goes through the AccessPolicy here, so an unreadable field fails exactly like a
// missing one, and parents the user cannot see are joined away (the relationship reads null).
import type { ApiError } from '../api/errors.ts';
import type { FieldDef, ObjectDef, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import { quoteIdent } from '../store/naming.ts';
import { locate, messages, queryError } from './errors.ts';
import type { Params } from './sql.ts';
import type { AccessPolicy, OrgSettings } from './types.ts';

/** Everything a query's compilation shares. */
export interface Context {
  readonly soql: string;
  readonly schema: Schema;
  readonly access: AccessPolicy;
  readonly user: SessionUser;
  readonly org: OrgSettings;
  readonly now: Date;
  readonly includeDeleted: boolean;
  readonly params: Params;
  nextAlias(): string;
  /** An error whose message points at the first occurrence of `token` in the query. */
  fail(errorCode: string, text: string, token?: string): ApiError;
}

export function createContext(fields: Omit<Context, 'nextAlias' | 'fail'>): Context {
  let aliases = 0;
  return {
    ...fields,
    nextAlias: () => `t${aliases++}`,
    fail: (errorCode, text, token) =>
      queryError(errorCode, fields.soql, token === undefined ? null : locate(fields.soql, token), text)
  };
}

/** One LEFT JOIN to a parent reached through a relationship. */
export interface Join {
  /** Canonical relationship name, the key of the nested record in results (Owner, Account). */
  relationshipName: string;
  object: ObjectDef;
  alias: string;
  sql: string;
}

export interface Resolved {
  field: FieldDef;
  /** The object that owns the field. */
  object: ObjectDef;
  /** Qualified, quoted column: t1."name". */
  column: string;
  /** Relationships walked to reach the field, outermost first. */
  path: Join[];
  /** Identity of the path for matching GROUP BY and duplicates: owner.name. */
  key: string;
  /** As written in the query. */
  written: string;
}

const qualified = (alias: string, column: string): string => `${alias}.${quoteIdent(column)}`;

/** The visibility predicate for rows of `object` under `alias`: not deleted and shared with the user. */
function visible(ctx: Context, object: ObjectDef, alias: string): string[] {
  const parts: string[] = [];
  if (!ctx.includeDeleted) parts.push(`not ${qualified(alias, 'isdeleted')}`);
  const filter = ctx.access.rowFilter(object, alias, ctx.user);
  if (filter) parts.push(ctx.params.fragment(filter));
  return parts;
}

export class Scope {
  readonly ctx: Context;
  readonly object: ObjectDef;
  readonly alias: string;
  readonly soqlAlias: string | undefined;
  private readonly joins = new Map<string, Join>();

  private constructor(ctx: Context, object: ObjectDef, soqlAlias: string | undefined) {
    this.ctx = ctx;
    this.object = object;
    this.alias = ctx.nextAlias();
    this.soqlAlias = soqlAlias;
  }

  /** The scope of `FROM written`, failing as Salesforce does for unknown or unreadable objects. */
  static from(ctx: Context, written: string, soqlAlias?: string): Scope {
    const object = ctx.schema.object(written);
    if (!object || !ctx.access.objectReadable(object, ctx.user)) {
      throw ctx.fail('INVALID_TYPE', messages.unsupportedType(written), written);
    }
    if (!object.queryable) {
      throw ctx.fail(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type ${object.name} does not support query`,
        written
      );
    }
    return new Scope(ctx, object, soqlAlias);
  }

  /** The scope of a child relationship's object (a subquery such as `FROM Contacts`). */
  static child(ctx: Context, object: ObjectDef): Scope {
    return new Scope(ctx, object, undefined);
  }

  /** Predicate restricting this scope's own rows. */
  visibility(): string[] {
    return visible(this.ctx, this.object, this.alias);
  }

  column(field: FieldDef): string {
    return qualified(this.alias, field.column);
  }

  /** `"table" alias` plus the joins needed so far: render it after compiling every expression. */
  fromSql(): string {
    return [
      `${quoteIdent(this.object.table)} ${this.alias}`,
      ...[...this.joins.values()].map((j) => j.sql)
    ].join(' ');
  }

  private readableField(object: ObjectDef, name: string): FieldDef | undefined {
    const field = this.ctx.schema.field(object, name);
    return field && this.ctx.access.fieldReadable(object, field, this.ctx.user) ? field : undefined;
  }

  /** The parent object a reference field points to: the first of its targets the org has. */
  private target(field: FieldDef): ObjectDef | undefined {
    for (const name of field.referenceTo) {
      const object = this.ctx.schema.object(name);
      if (object) return object;
    }
    return undefined;
  }

  private join(from: ObjectDef, fromAlias: string, key: string, segment: string): Join {
    const existing = this.joins.get(key);
    if (existing) return existing;
    const { ctx } = this;
    const field = ctx.schema.relationship(from, segment);
    const object = field && ctx.access.fieldReadable(from, field, ctx.user) ? this.target(field) : undefined;
    if (!field || !object || !ctx.access.objectReadable(object, ctx.user)) {
      throw ctx.fail('INVALID_FIELD', messages.unknownRelationship(segment), segment);
    }
    const alias = ctx.nextAlias();
    const on = [
      `${qualified(alias, 'id')} = ${qualified(fromAlias, field.column)}`,
      ...visible(ctx, object, alias)
    ];
    const join: Join = {
      relationshipName: field.relationshipName as string,
      object,
      alias,
      sql: `left join ${quoteIdent(object.table)} ${alias} on ${on.join(' and ')}`
    };
    this.joins.set(key, join);
    return join;
  }

  /** Splits a written path and drops a leading FROM alias (`a.Owner.Name` in `FROM Lead a`). */
  segments(written: string): string[] {
    const parts = written.split('.');
    const [first] = parts;
    if (parts.length > 1 && this.soqlAlias && first?.toLowerCase() === this.soqlAlias.toLowerCase())
      parts.shift();
    return parts;
  }

  /** Resolves `Name`, `Owner.Name` or `Plan__r.Account__r.Name`, adding the joins it needs. */
  resolve(written: string): Resolved {
    const parts = this.segments(written);
    const name = parts.pop() as string;
    let object = this.object;
    let alias = this.alias;
    const path: Join[] = [];
    const keys: string[] = [];
    for (const segment of parts) {
      keys.push(segment.toLowerCase());
      const join = this.join(object, alias, keys.join('.'), segment);
      path.push(join);
      object = join.object;
      alias = join.alias;
    }
    const field = this.readableField(object, name);
    if (!field) throw this.ctx.fail('INVALID_FIELD', messages.noSuchColumn(name, object.name), name);
    return {
      field,
      object,
      column: qualified(alias, field.column),
      path,
      key: [...keys, field.name.toLowerCase()].join('.'),
      written
    };
  }

  /** Fields of this object the user may read, for FIELDS(ALL|STANDARD|CUSTOM). */
  readableFields(): FieldDef[] {
    return this.object.fields.filter((f) => this.ctx.access.fieldReadable(this.object, f, this.ctx.user));
  }

  /** A child relationship such as Contacts: the child object and its lookup to this object. */
  childRelationship(written: string): { name: string; object: ObjectDef; field: FieldDef } {
    const { ctx } = this;
    const relationship = this.object.childRelationships.find(
      (r) => r.relationshipName?.toLowerCase() === written.toLowerCase()
    );
    const object = relationship && ctx.schema.object(relationship.childSObject);
    const field = object && relationship && ctx.schema.field(object, relationship.field);
    if (
      !relationship?.relationshipName ||
      !object ||
      !field ||
      !ctx.access.objectReadable(object, ctx.user)
    ) {
      throw ctx.fail('INVALID_TYPE', messages.unknownChildRelationship(written), written);
    }
    return { name: relationship.relationshipName, object, field };
  }
}
