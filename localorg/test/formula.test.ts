// The validation rule formula evaluator: ISCHANGED, PRIORVALUE and ISNEW against the stored
// record, the $-globals, relationship paths, blank handling, and the printer that hands
// formulon one call at a time. Expected values are worked out by hand from the records.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse, type LiteralNode } from 'formulon';
import { callFunction, callText, syntaxTree } from '../src/formula/formulon.ts';
import { fetchParents } from '../src/formula/parents.ts';
import type { ObjectDef, RecordValues } from '../src/schema/types.ts';
import {
  ADMIN_ID,
  adminGlobals,
  compiled,
  MANAGER_ID,
  objectiveObject,
  schema,
  STATUSES,
  valueOf
} from './formulaFixture.ts';

const PLAN_ID = 'a00000000000001AAA';
const plan = (fields: RecordValues): RecordValues => ({ Id: PLAN_ID, OwnerId: ADMIN_ID, ...fields });

describe('ISCHANGED', () => {
  const formula = 'ISCHANGED(Status__c)';

  test('is true on update when a picklist moves to another value and false when it stays', () => {
    const old = plan({ Status__c: 'Draft' });
    assert.equal(valueOf(formula, { oldRecord: old, newRecord: plan({ Status__c: 'In Progress' }) }), true);
    assert.equal(valueOf(formula, { oldRecord: old, newRecord: plan({ Status__c: 'Draft' }) }), false);
    assert.equal(valueOf(formula, { oldRecord: old, newRecord: plan({ Status__c: null }) }), true);
  });

  test('is false for every field of a new record', () => {
    assert.equal(valueOf(formula, { newRecord: plan({ Status__c: 'Completed' }) }), false);
    assert.equal(valueOf('ISCHANGED(Budget__c)', { newRecord: plan({ Budget__c: 10 }) }), false);
  });

  test('a text field cleared to empty is unchanged; a number from zero to blank is changed', () => {
    const notes = 'ISCHANGED(Notes__c)';
    assert.equal(
      valueOf(notes, { oldRecord: plan({ Notes__c: null }), newRecord: plan({ Notes__c: '' }) }),
      false
    );
    assert.equal(
      valueOf(notes, { oldRecord: plan({ Notes__c: null }), newRecord: plan({ Notes__c: 'x' }) }),
      true
    );
    const budget = 'ISCHANGED(Budget__c)';
    assert.equal(
      valueOf(budget, { oldRecord: plan({ Budget__c: 0 }), newRecord: plan({ Budget__c: null }) }),
      true
    );
    assert.equal(
      valueOf(budget, { oldRecord: plan({ Budget__c: null }), newRecord: plan({ Budget__c: 5 }) }),
      true
    );
    assert.equal(
      valueOf(budget, { oldRecord: plan({ Budget__c: 5 }), newRecord: plan({ Budget__c: 5 }) }),
      false
    );
  });

  test('compares dates and date/times by value', () => {
    const start = 'ISCHANGED(Start_Date__c)';
    const approved = 'ISCHANGED(Approved_At__c)';
    const old = plan({ Start_Date__c: '2026-01-01', Approved_At__c: '2026-01-01T10:00:00.000+0000' });
    assert.equal(valueOf(start, { oldRecord: old, newRecord: { ...old } }), false);
    assert.equal(
      valueOf(start, { oldRecord: old, newRecord: { ...old, Start_Date__c: '2026-01-02' } }),
      true
    );
    assert.equal(valueOf(approved, { oldRecord: old, newRecord: { ...old } }), false);
    assert.equal(
      valueOf(approved, {
        oldRecord: old,
        newRecord: { ...old, Approved_At__c: '2026-01-01T10:00:01.000+0000' }
      }),
      true
    );
  });
});

describe('PRIORVALUE', () => {
  const wasDraft = "ISPICKVAL(PRIORVALUE(Status__c), 'Draft')";

  test('inside ISPICKVAL it reads the stored value on update', () => {
    const save = { oldRecord: plan({ Status__c: 'Draft' }), newRecord: plan({ Status__c: 'In Progress' }) };
    assert.equal(valueOf(wasDraft, save), true);
    assert.equal(valueOf("ISPICKVAL(Status__c, 'Draft')", save), false);
    assert.equal(
      valueOf(wasDraft, {
        oldRecord: plan({ Status__c: 'Draft Outline' }),
        newRecord: plan({ Status__c: 'Draft' })
      }),
      false
    );
  });

  test('returns the current value on insert', () => {
    assert.equal(valueOf(wasDraft, { newRecord: plan({ Status__c: 'Draft' }) }), true);
    assert.equal(valueOf('PRIORVALUE(Budget__c) = 7', { newRecord: plan({ Budget__c: 7 }) }), true);
  });
});

describe('ISNEW', () => {
  test('is true on insert and false on update', () => {
    assert.equal(valueOf('ISNEW()', { newRecord: plan({}) }), true);
    assert.equal(valueOf('ISNEW()', { oldRecord: plan({}), newRecord: plan({}) }), false);
  });
});

describe('globals', () => {
  test('$User.Id = OwnerId is true only when the saving user owns the record', () => {
    const formula = '$User.Id = OwnerId';
    assert.equal(valueOf(formula, { newRecord: plan({ OwnerId: ADMIN_ID }) }), true);
    assert.equal(valueOf(formula, { newRecord: plan({ OwnerId: MANAGER_ID }) }), false);
  });

  test('$Profile.Name, $UserRole.Name and $UserRole.PortalRole read the user’s profile and role', () => {
    const manager = {
      ...adminGlobals,
      user: { Id: MANAGER_ID, Name: 'Chris Channel' },
      profile: { Name: 'Partner Community User' },
      userRole: { Name: 'Acme Partner Executive', PortalRole: 'Executive' }
    };
    const formula =
      "AND($Profile.Name = 'Partner Community User', ISPICKVAL($UserRole.PortalRole, 'Executive'))";
    assert.equal(valueOf(formula, { newRecord: plan({}), globals: manager }), true);
    assert.equal(valueOf(formula, { newRecord: plan({}) }), false);
    assert.equal(
      valueOf("$UserRole.Name = 'Acme Partner Executive'", { newRecord: plan({}), globals: manager }),
      true
    );
    // No role: its fields are blank.
    assert.equal(valueOf('ISBLANK($UserRole.Name)', { newRecord: plan({}) }), true);
  });

  test('$Permission is true only for a custom permission the user holds, whatever its case', () => {
    const formula = 'NOT($Permission.Approve_Plans)';
    assert.equal(valueOf(formula, { newRecord: plan({}) }), true);
    const holder = { ...adminGlobals, permissions: new Set(['approve_plans']) };
    assert.equal(valueOf(formula, { newRecord: plan({}), globals: holder }), false);
  });
});

describe('relationship paths', () => {
  const parentPlan = plan({ Status__c: 'Completed', OwnerId: MANAGER_ID });
  const stored = new Map<string, RecordValues>([
    [PLAN_ID, parentPlan],
    [MANAGER_ID, { Id: MANAGER_ID, Name: 'Chris Channel' }]
  ]);

  /** Reads from `stored`, counting the reads. */
  function reader() {
    const reads: string[] = [];
    const read = async (o: ObjectDef, id: string) => {
      reads.push(`${o.name}:${id}`);
      return stored.get(id);
    };
    return { reads, read };
  }

  test('Business_Plan__r.Status__c on an objective reads the parent plan', async () => {
    const formula = compiled("ISPICKVAL(Business_Plan__r.Status__c, 'Completed')", objectiveObject);
    assert.deepEqual(
      formula.paths.map((p) => p.key),
      ['business_plan__r']
    );
    const objective = { Name: 'Pipeline', Business_Plan__c: PLAN_ID };
    const { reads, read } = reader();
    const parents = await fetchParents(formula.paths, objective, read);
    assert.deepEqual(reads, [`Business_Plan__c:${PLAN_ID}`]);
    assert.equal(valueOf(formula, { newRecord: objective, parents }, objectiveObject), true);
  });

  test('Owner.Id on a plan reads the owning user', async () => {
    const formula = compiled('Owner.Id = $User.Id');
    const mine = plan({ OwnerId: MANAGER_ID });
    const parents = await fetchParents(formula.paths, mine, reader().read);
    assert.equal(valueOf(formula, { newRecord: mine, parents }), false);
    const manager = { ...adminGlobals, user: { Id: MANAGER_ID } };
    assert.equal(valueOf(formula, { newRecord: mine, parents, globals: manager }), true);
  });

  test('two hops read each parent once, and a blank lookup reads as blank fields', async () => {
    const formula = compiled(
      "AND(Business_Plan__r.Owner.Name = 'Chris Channel', Business_Plan__r.OwnerId <> $User.Id)",
      objectiveObject
    );
    const { reads, read } = reader();
    const parents = await fetchParents(formula.paths, { Business_Plan__c: PLAN_ID }, read);
    assert.deepEqual(reads, [`Business_Plan__c:${PLAN_ID}`, `User:${MANAGER_ID}`]);
    assert.equal(
      valueOf(formula, { newRecord: { Business_Plan__c: PLAN_ID }, parents }, objectiveObject),
      true
    );

    const orphan = { Business_Plan__c: null };
    const none = await fetchParents(formula.paths, orphan, reader().read);
    assert.equal(
      valueOf('ISBLANK(Business_Plan__r.Owner.Name)', { newRecord: orphan, parents: none }, objectiveObject),
      true
    );
  });
});

describe('a status that moves one step forward at a time', () => {
  const rule = compiled(`AND(
    ISCHANGED(Status__c),
    CASE(Status__c, 'Draft Outline', 1, 'Draft', 2, 'In Progress', 3, 'Completed', 4, 0)
      - CASE(PRIORVALUE(Status__c), 'Draft Outline', 1, 'Draft', 2, 'In Progress', 3, 'Completed', 4, 0) <> 1
  )`);

  // Rows: from; columns: to, in the order of STATUSES. true = the rule blocks the save.
  const blocked = [
    [false, false, true, true], // Draft Outline → Draft Outline, Draft, In Progress, Completed
    [true, false, false, true], // Draft → ...
    [true, true, false, false], // In Progress → ...
    [true, true, true, false] // Completed → ...
  ];

  for (const [i, from] of STATUSES.entries()) {
    for (const [j, to] of STATUSES.entries()) {
      const expected = blocked[i]?.[j];
      test(`${from} → ${to} is ${expected ? 'blocked' : 'allowed'}`, () => {
        const save = { oldRecord: plan({ Status__c: from }), newRecord: plan({ Status__c: to }) };
        assert.equal(valueOf(rule, save), expected);
      });
    }
  }

  test('a new plan may start in any status', () => {
    for (const status of STATUSES)
      assert.equal(valueOf(rule, { newRecord: plan({ Status__c: status }) }), false);
  });
});

describe('blank values', () => {
  test('IF evaluates only the branch it takes', () => {
    // DATEVALUE('') is an error in formulon; the IF guards it as it would in Salesforce.
    const formula = 'IF(ISBLANK(Notes__c), FALSE, DATEVALUE(Notes__c) < DATE(2026, 1, 1))';
    assert.equal(valueOf(formula, { newRecord: plan({ Notes__c: null }) }), false);
    assert.equal(valueOf(formula, { newRecord: plan({ Notes__c: '2025-12-31' }) }), true);
    assert.equal(valueOf(formula, { newRecord: plan({ Notes__c: '2026-01-01' }) }), false);
  });

  test('AND and OR stop at the first argument that decides them', () => {
    const and = 'AND(NOT(ISBLANK(Notes__c)), DATEVALUE(Notes__c) = DATE(2026, 3, 1))';
    const or = 'OR(ISBLANK(Notes__c), DATEVALUE(Notes__c) = DATE(2026, 3, 1))';
    assert.equal(valueOf(and, { newRecord: plan({}) }), false);
    assert.equal(valueOf(or, { newRecord: plan({}) }), true);
    assert.equal(valueOf(and, { newRecord: plan({ Notes__c: '2026-03-01' }) }), true);
    assert.equal(valueOf(or, { newRecord: plan({ Notes__c: '2026-03-02' }) }), false);
  });

  test('date functions of a blank date are blank', () => {
    const blank = { newRecord: plan({ Start_Date__c: null }) };
    assert.equal(valueOf('ISBLANK(YEAR(Start_Date__c))', blank), true);
    assert.equal(valueOf('YEAR(Start_Date__c) < 2026', blank), false);
  });

  test('a blank number or date is neither less nor greater than a value, and blank plus one is blank', () => {
    const blank = { newRecord: plan({ Budget__c: null, Start_Date__c: null }) };
    assert.equal(valueOf('Budget__c < 1', blank), false);
    assert.equal(valueOf('Budget__c >= 1', blank), false);
    assert.equal(valueOf('Start_Date__c < DATE(2026, 1, 1)', blank), false);
    assert.equal(valueOf('ISBLANK(Budget__c + 1)', blank), true);
    assert.equal(valueOf("TEXT(Budget__c) = ''", blank), true);
  });

  test('a blank text field is blank to ISBLANK and BLANKVALUE but never null to ISNULL', () => {
    for (const notes of [null, '']) {
      const save = { newRecord: plan({ Notes__c: notes }) };
      assert.equal(valueOf('ISBLANK(Notes__c)', save), true);
      assert.equal(valueOf('ISNULL(Notes__c)', save), false);
      assert.equal(valueOf("BLANKVALUE(Notes__c, 'none') = 'none'", save), true);
      assert.equal(valueOf('LEN(Notes__c) = 0', save), true);
    }
    assert.equal(
      valueOf("BLANKVALUE(Notes__c, 'none') = 'kept'", { newRecord: plan({ Notes__c: 'kept' }) }),
      true
    );
  });

  test('a blank picklist matches ISPICKVAL with an empty value', () => {
    assert.equal(valueOf("ISPICKVAL(Status__c, '')", { newRecord: plan({ Status__c: null }) }), true);
    assert.equal(valueOf("ISPICKVAL(Status__c, '')", { newRecord: plan({ Status__c: 'Draft' }) }), false);
  });
});

describe('values', () => {
  test('a percent field is a decimal: 150% is 1.5', () => {
    assert.equal(valueOf('Progress__c > 1', { newRecord: plan({ Progress__c: 150 }) }), true);
    assert.equal(valueOf('Progress__c = 0.5', { newRecord: plan({ Progress__c: 50 }) }), true);
  });

  test('TODAY() is the date in the user’s time zone and NOW() the clock’s instant', () => {
    const now = new Date('2026-01-01T03:00:00Z'); // 31 December, 19:00 in Los Angeles
    const save = { newRecord: plan({}), now };
    assert.equal(valueOf('TODAY() = DATE(2025, 12, 31)', save), true);
    assert.equal(valueOf('TODAY() = DATE(2026, 1, 1)', { ...save, timeZoneSidKey: 'Europe/Paris' }), true);
    assert.equal(valueOf('HOUR(NOW()) = 3', save), true);
  });
});

describe('the printer that hands formulon one call', () => {
  const number = (value: number): LiteralNode => ({
    type: 'literal',
    dataType: 'number',
    value,
    options: { length: 1, scale: 0 }
  });
  const text = (value: string): LiteralNode => ({
    type: 'literal',
    dataType: 'text',
    value,
    options: { length: value.length }
  });
  const bool = (value: boolean): LiteralNode => ({
    type: 'literal',
    dataType: 'checkbox',
    value,
    options: {}
  });

  // Every operator of formulon's grammar, with operands of a type it takes.
  const cases: Array<[string, LiteralNode, LiteralNode]> = [
    ...['+', '-', '*', '/', '^', '=', '==', '!=', '<>', '<', '<=', '>', '>='].map(
      (op): [string, LiteralNode, LiteralNode] => [op, number(7), number(2)]
    ),
    ['&', text('ab'), text('cd')],
    ['&&', bool(true), bool(false)],
    ['||', bool(false), bool(true)]
  ];

  for (const [op, a, b] of cases) {
    test(`a ${op} b gives what formulon gives for the infix text`, () => {
      const tree = syntaxTree(`a ${op} b`);
      assert.ok(tree?.type === 'callExpression', JSON.stringify(tree));
      assert.deepEqual(callFunction(tree.id, [a, b]), parse(`a ${op} b`, { a, b }));
    });
  }

  test('! and functions print as calls by name', () => {
    const tree = syntaxTree('!a');
    assert.ok(tree?.type === 'callExpression');
    assert.equal(callText(tree.id, 1), 'not(_0)');
    assert.deepEqual(callFunction(tree.id, [bool(true)]), bool(false));
    assert.equal(callText('ispickval', 2), 'ispickval(_0, _1)');
    assert.equal(callText('lessThanOrEqual', 2), '_0 <= _1');
    assert.throws(() => callText('someCamelCase', 1), /no function/);
  });

  test('literals reach formulon unchanged, quotes and all', () => {
    const quoted = text(`it's "quoted"`);
    assert.deepEqual(callFunction('len', [quoted]), parse('LEN(a)', { a: quoted }));
    assert.equal((callFunction('len', [quoted]) as LiteralNode).value, 13);
  });
});

test('the fixture schema has the standard objects the globals read', () => {
  for (const name of ['User', 'Profile', 'UserRole']) assert.ok(schema.object(name), name);
});
