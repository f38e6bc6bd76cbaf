// Stripe's error objects: {"error": {type, code, decline_code, message, param, ...}} with the
// HTTP status Stripe gives each kind.

export class StripeError extends Error {
  /**
   * `saved`: whether an idempotent retry replays this answer. Stripe saves an answer once the
   * endpoint started executing (declines included) but not a request that failed validation.
   */
  constructor(status, fields, { saved = false } = {}) {
    super(fields.message);
    this.status = status;
    this.fields = fields;
    this.saved = saved;
  }

  body() {
    const error = { ...this.fields };
    if (error.code) error.doc_url = `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, '-')}`;
    return { error };
  }
}

export const invalidRequest = (message, param, code, status = 400) =>
  new StripeError(status, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) });

export const parameterUnknown = (param) =>
  invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');

export const parameterMissing = (param) =>
  invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');

export const resourceMissing = (kind, id, param) => {
  const error = invalidRequest(`No such ${kind}: '${id}'`, param, 'resource_missing', param ? 400 : 404);
  return error;
};

export const unexpectedState = (message, extra = {}) => {
  const error = invalidRequest(message, undefined, 'payment_intent_unexpected_state');
  Object.assign(error.fields, extra);
  return error;
};

export const authenticationError = (message) =>
  new StripeError(401, { type: 'invalid_request_error', message });

export const idempotencyMismatch = (key) => new StripeError(400, {
  type: 'idempotency_error',
  message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
});

export const idempotencyInProgress = () => new StripeError(409, {
  type: 'idempotency_error',
  code: 'idempotency_key_in_use',
  message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): Please try again later.',
});
