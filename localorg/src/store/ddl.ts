// Builds one PostgreSQL table per object from the schema. Every value column is nullable:
// required-field checks happen in the API layer, where Salesforce reports them.
import type { FieldDef, FieldType, ObjectDef, Schema } from '../schema/types.ts';
import type { Db } from './db.ts';
import { quoteIdent } from './naming.ts';

const SQL_TYPES: Record<FieldType, string> = {
  id: 'text',
  string: 'text',
  textarea: 'text',
  picklist: 'text',
  multipicklist: 'text',
  boolean: 'boolean',
  int: 'bigint',
  double: 'numeric',
  currency: 'numeric',
  percent: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  reference: 'text',
  email: 'text',
  phone: 'text',
  url: 'text'
};

export function sqlType(f: FieldDef): string {
  return SQL_TYPES[f.type];
}

function columnDefinition(f: FieldDef): string {
  const notNull = f.type === 'id' ? ' primary key' : f.type === 'boolean' ? ' not null default false' : '';
  return `${quoteIdent(f.column)} ${sqlType(f)}${notNull}`;
}

function indexes(o: ObjectDef): string[] {
  const table = quoteIdent(o.table);
  const statements: string[] = [];
  for (const f of o.fields) {
    const index = quoteIdent(`${o.table}_${f.column}_idx`);
    // Unique fields stay unique among live records; the recycle bin does not block a value.
    if (f.unique || f.name === 'Username') {
      statements.push(
        `create unique index if not exists ${index} on ${table} (${quoteIdent(f.column)}) where not isdeleted`
      );
    } else if (f.type === 'reference' || f.externalId || f.name === 'SystemModstamp') {
      statements.push(`create index if not exists ${index} on ${table} (${quoteIdent(f.column)})`);
    }
  }
  return statements;
}

export function tableDdl(o: ObjectDef): string[] {
  const columns = o.fields.map(columnDefinition).join(',\n  ');
  return [`create table if not exists ${quoteIdent(o.table)} (\n  ${columns}\n)`, ...indexes(o)];
}

export async function createTables(db: Db, schema: Schema): Promise<void> {
  const statements = schema.objects.flatMap(tableDdl);
  await db.exec(statements.join(';\n') + ';');
}
