// How API names map to SQL identifiers. Salesforce names are case-insensitive, so tables
// and columns are their lower-cased API names; callers always quote them.

export function tableName(objectApiName: string): string {
  return objectApiName.toLowerCase();
}

export function columnName(fieldApiName: string): string {
  return fieldApiName.toLowerCase();
}

export function quoteIdent(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
