// Objects as one user may see them, for describe and Object Info: objects they cannot read
// are absent, fields they cannot read are left out, and createable / updateable / deletable
// say what their permissions allow, as a real org's describe does per user.
import type { ObjectDef, Schema } from '../schema/types.ts';
import type { SessionUser } from '../session.ts';
import { fieldAccess, objectAccess } from './permissions.ts';

/** The object as the user sees it; undefined when they cannot read it. */
export function objectAsSeenBy(schema: Schema, user: SessionUser, o: ObjectDef): ObjectDef | undefined {
  if (user.isAdmin) return o;
  const { permissions } = user.access;
  const access = objectAccess(schema, permissions, o);
  if (!access.read) return undefined;
  const fields = o.fields.flatMap((f) => {
    const fls = fieldAccess(schema, permissions, o, f);
    if (!fls.read) return [];
    return [
      {
        ...f,
        createable: f.createable && fls.edit && access.create,
        updateable: f.updateable && fls.edit && access.edit
      }
    ];
  });
  const childRelationships = o.childRelationships.filter((c) => {
    const child = schema.object(c.childSObject);
    return child !== undefined && objectAccess(schema, permissions, child).read;
  });
  return {
    ...o,
    fields,
    childRelationships,
    createable: o.createable && access.create,
    updateable: o.updateable && access.edit,
    deletable: o.deletable && access.delete
  };
}

/** Every object the user can read, as they see it. */
export function objectsSeenBy(schema: Schema, user: SessionUser): ObjectDef[] {
  return schema.objects.flatMap((o) => objectAsSeenBy(schema, user, o) ?? []);
}
