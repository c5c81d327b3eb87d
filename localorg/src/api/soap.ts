// The SOAP API's data calls that REST lacks: undelete(), which restores records from the
// recycle bin (jsforce's conn.soap.undelete). Sign-in (login, logout) stays in auth.ts; this
// router answers only the calls it knows and hands every other envelope on.
import express, { type Router } from 'express';
import { XMLParser } from 'fast-xml-parser';
import type { Db } from '../store/db.ts';
import { DmlError, type RecordStore } from '../store/records.ts';
import { soapEnvelope, xml } from './auth.ts';
import type { SessionResolver } from './http.ts';
import type { ApiUsage } from './limits.ts';

export interface SoapDeps {
  db: Db;
  recordsFor: (connection: Db) => RecordStore;
  sessions: SessionResolver;
  usage: ApiUsage;
}

/** undelete() takes up to 200 Ids per call, like the other SOAP data calls. */
export const MAX_UNDELETE_IDS = 200;

const PARTNER_NS = ' xmlns="urn:partner.soap.sforce.com"';

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'ids'
});

interface Envelope {
  Envelope?: {
    Header?: { SessionHeader?: { sessionId?: string } };
    Body?: { undelete?: { ids?: unknown[] } | string };
  };
}

/** A SOAP fault as Salesforce sends it; jsforce renews the session on INVALID_SESSION_ID with status 500. */
function fault(code: string, message: string): string {
  return soapEnvelope(
    `<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${xml(`${code}: ${message}`)}</faultstring></soapenv:Fault>`,
    ' xmlns:sf="urn:fault.partner.soap.sforce.com"'
  );
}

function result(id: string, error: DmlError | null): string {
  if (!error) return `<result><id>${xml(id)}</id><success>true</success></result>`;
  const errors = error.items
    .map(
      (item) =>
        `<errors>${item.fields.map((f) => `<fields>${xml(f)}</fields>`).join('')}<message>${xml(item.message)}</message><statusCode>${xml(item.statusCode)}</statusCode></errors>`
    )
    .join('');
  return `<result>${errors}<id xsi:nil="true"/><success>false</success></result>`;
}

export function createSoapRouter({ db, recordsFor, sessions, usage }: SoapDeps): Router {
  const router = express.Router();
  router.post('/services/Soap/u/:version', express.text({ type: () => true }), async (req, res, next) => {
    const envelope = parser.parse(typeof req.body === 'string' ? req.body : '') as Envelope;
    const body = envelope.Envelope?.Body;
    if (!body || !('undelete' in body)) return next();
    const sessionId = envelope.Envelope?.Header?.SessionHeader?.sessionId;
    const user = sessionId ? await sessions.resolve(sessionId) : undefined;
    if (!user) {
      res
        .status(500)
        .type('text/xml')
        .send(fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader'));
      return;
    }
    usage.count();
    const ids = (typeof body.undelete === 'object' ? (body.undelete.ids ?? []) : []).map(String);
    if (ids.length === 0 || ids.length > MAX_UNDELETE_IDS) {
      res
        .status(500)
        .type('text/xml')
        .send(fault('EXCEEDED_ID_LIMIT', `undelete() takes 1 to ${MAX_UNDELETE_IDS} Ids, not ${ids.length}`));
      return;
    }
    // Each Id succeeds or fails on its own, as with allOrNone off.
    const results: string[] = [];
    for (const id of ids) {
      try {
        await recordsFor(db).undelete(id, user);
        results.push(result(id, null));
      } catch (error) {
        if (!(error instanceof DmlError)) throw error;
        results.push(result(id, error));
      }
    }
    res
      .type('text/xml')
      .send(soapEnvelope(`<undeleteResponse>${results.join('')}</undeleteResponse>`, PARTNER_NS));
  });
  return router;
}
