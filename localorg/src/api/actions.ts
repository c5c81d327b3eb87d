// Invocable actions under /services/data/vXX.X/actions: the standard emailSimple action
// (Send Email), as the connector and flows call it. Each input is checked and answered on its
// own, in Salesforce's shape [{ actionName, errors, isSuccess, outputValues }]; a good input
// is sent even when another one fails. The local org sends no mail: messages go to an outbox
// that tests and the demo read.
import express, { type Request, type Router } from 'express';
import type { SessionUser } from '../session.ts';
import { ApiError, notFound } from './errors.ts';
import { locals } from './http.ts';

export interface SentEmail {
  to: string[];
  subject: string;
  body: string;
  /** The address the email is from: the sending user's. */
  from: string;
  senderType: string;
  sentById: string;
  sentAt: string;
}

export interface Outbox {
  record(email: SentEmail): void;
  /** Everything sent since the org started, oldest first. */
  sent(): SentEmail[];
}

export function createOutbox(): Outbox {
  const emails: SentEmail[] = [];
  return {
    record: (email) => emails.push(email),
    sent: () => emails.map((email) => ({ ...email, to: [...email.to] }))
  };
}

/** The most recipients one emailSimple input may name. */
const MAX_RECIPIENTS = 5;
/** Inputs one call may carry, as for other bulk REST resources. */
const MAX_INPUTS = 2000;
const ACTION = 'emailSimple';
/** Sender types an org without org-wide addresses supports. */
const SENDER_TYPES = new Set(['CurrentUser', 'DefaultWorkflowUser']);
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

interface ActionError {
  statusCode: string;
  message: string;
  fields: string[];
}

interface ActionResult {
  actionName: string;
  errors: ActionError[] | null;
  isSuccess: boolean;
  outputValues: Record<string, unknown> | null;
}

const error = (statusCode: string, message: string, field?: string): ActionError => ({
  statusCode,
  message,
  fields: field ? [field] : []
});

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** The recipients of one input, or the errors that stop it. */
function recipients(input: Record<string, unknown>): { to: string[]; errors: ActionError[] } {
  const listed =
    text(input.emailAddresses)
      ?.split(',')
      .map((a) => a.trim())
      .filter(Boolean) ?? [];
  const array = input.emailAddressesArray;
  if (array !== undefined && array !== null && !Array.isArray(array))
    return {
      to: [],
      errors: [error('INVALID_TYPE', 'emailAddressesArray must be a list of strings.', 'emailAddressesArray')]
    };
  const to = [...listed, ...((array as unknown[] | null | undefined) ?? []).map((a) => String(a).trim())];
  if (to.length === 0)
    return {
      to,
      errors: [
        error('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailAddresses', 'emailAddresses')
      ]
    };
  const errors: ActionError[] = [];
  if (to.length > MAX_RECIPIENTS)
    errors.push(
      error(
        'LIMIT_EXCEEDED',
        `An email can have at most ${MAX_RECIPIENTS} recipients; this one has ${to.length}.`,
        'emailAddresses'
      )
    );
  for (const address of to)
    if (!EMAIL.test(address))
      errors.push(error('INVALID_EMAIL_ADDRESS', `Email address is invalid: ${address}`, 'emailAddresses'));
  return { to, errors };
}

/** Checks one input and, when it is good, puts the email in the outbox. */
function sendOne(
  input: unknown,
  user: SessionUser,
  fromAddress: string,
  outbox: Outbox,
  now: string
): ActionResult {
  const result = (errors: ActionError[]): ActionResult => ({
    actionName: ACTION,
    errors: errors.length > 0 ? errors : null,
    isSuccess: errors.length === 0,
    outputValues: errors.length === 0 ? {} : null
  });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return result([error('INVALID_INPUT', 'Each input must be an object of parameter values.')]);
  const values = input as Record<string, unknown>;
  const { to, errors } = recipients(values);
  const subject = text(values.emailSubject);
  const body =
    typeof values.emailBody === 'string' && values.emailBody.trim() !== '' ? values.emailBody : null;
  if (!subject)
    errors.push(
      error('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailSubject', 'emailSubject')
    );
  if (!body)
    errors.push(error('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailBody', 'emailBody'));
  const senderType = text(values.senderType) ?? 'CurrentUser';
  if (senderType === 'OrgWideEmailAddress')
    errors.push(
      error(
        'INVALID_INPUT',
        'This org has no organization-wide email addresses; use CurrentUser or DefaultWorkflowUser.',
        'senderType'
      )
    );
  else if (!SENDER_TYPES.has(senderType))
    errors.push(
      error(
        'INVALID_INPUT',
        `Unknown senderType ${senderType}: use CurrentUser, DefaultWorkflowUser or OrgWideEmailAddress.`,
        'senderType'
      )
    );
  if (errors.length > 0) return result(errors);
  outbox.record({
    to,
    subject: subject as string,
    body: body as string,
    from: fromAddress,
    senderType,
    sentById: user.id,
    sentAt: now
  });
  return result([]);
}

export interface ActionDeps {
  outbox: Outbox;
  clock: () => Date;
  /** The sending user's email address. */
  emailOf: (userId: string) => Promise<string | null>;
}

function inputsOf(req: Request): unknown[] {
  const payload: unknown = req.body;
  const inputs =
    typeof payload === 'object' && payload !== null ? (payload as { inputs?: unknown }).inputs : undefined;
  if (!Array.isArray(inputs) || inputs.length === 0)
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must have a non-empty inputs list.');
  if (inputs.length > MAX_INPUTS)
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `An action call takes at most ${MAX_INPUTS} inputs; this one has ${inputs.length}.`
    );
  return inputs;
}

/** Routes for the REST API's versioned router: /actions, /actions/standard and emailSimple. */
export function createActionRoutes({ outbox, clock, emailOf }: ActionDeps): Router {
  const router = express.Router();
  router.get('/actions', (_req, res) => {
    const base = `/services/data/v${locals(res).apiVersion}/actions`;
    res.json({ standard: `${base}/standard`, custom: `${base}/custom` });
  });
  router.get('/actions/standard', (_req, res) => {
    const url = `/services/data/v${locals(res).apiVersion}/actions/standard/${ACTION}`;
    res.json({ actions: [{ label: 'Send Email', name: ACTION, type: 'EMAILSIMPLE', url }] });
  });
  router.post('/actions/standard/:action', async (req, res) => {
    if (req.params.action !== ACTION) throw notFound(`No standard action named ${req.params.action}`);
    const inputs = inputsOf(req);
    const user = locals(res).user;
    const from = await emailOf(user.id);
    if (!from)
      throw new ApiError(400, 'INVALID_EMAIL_ADDRESS', 'The sending user has no email address to send from.');
    const now = clock().toISOString();
    res.json(inputs.map((input) => sendOne(input, user, from, outbox, now)));
  });
  return router;
}
