// What Salesforce derives from a custom object's settings (its __Share and __History objects)
// is built the same way: one object per parent, named and labelled after it, custom, with a key
// prefix of its own, readable by whoever can read the parent record.
import { object, type ObjectSpec } from './build.ts';
import { keyPrefixFor } from './metadataLoader.ts';
import type { FieldDef, ObjectDef } from './types.ts';

export interface DerivedObject {
  /** Business_Plan__c → Business_Plan__Share. */
  name: (parent: ObjectDef) => string;
  /** Appended to the parent's label: "Business Plan Share". */
  labelSuffix: string;
  fields: (parent: ObjectDef) => FieldDef[];
  /** Which API writes the object accepts; all by default. */
  access?: Pick<ObjectSpec, 'createable' | 'updateable' | 'deletable'>;
}

/** One derived object per parent, with key prefixes not in `taken`; adds the prefixes it uses to `taken`. */
export function derivedObjects(
  parents: readonly ObjectDef[],
  taken: Set<string>,
  derived: DerivedObject
): ObjectDef[] {
  return parents.map((parent) => {
    const name = derived.name(parent);
    const keyPrefix = keyPrefixFor(name, taken);
    taken.add(keyPrefix);
    const label = `${parent.label} ${derived.labelSuffix}`;
    return object({
      name,
      keyPrefix,
      label,
      labelPlural: label,
      custom: true,
      fields: derived.fields(parent),
      ...derived.access,
      sharingModel: 'ReadWrite',
      externalSharingModel: 'ReadWrite'
    });
  });
}
