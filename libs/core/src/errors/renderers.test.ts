import { AppError, ConflictError, NotFoundError, toAppError, UnavailableError, ValidationError } from './app-error';
import { renderError } from './renderers';

describe('error renderers', () => {
  it('renders OpenSearch errors with root_cause, type, reason and extra fields', () => {
    const err = new NotFoundError('no such index [logs]', {
      type: 'index_not_found_exception',
      fields: { index: 'logs', 'resource.type': 'index_or_alias', 'resource.id': 'logs' },
    });
    const cause = {
      type: 'index_not_found_exception',
      reason: 'no such index [logs]',
      index: 'logs',
      'resource.type': 'index_or_alias',
      'resource.id': 'logs',
    };
    expect(renderError('opensearch', err)).toEqual({
      status: 404,
      headers: {},
      body: { error: { root_cause: [cause], ...cause }, status: 404 },
    });
  });

  it('renders OpenSearch validation errors the way ActionRequestValidationException reads', () => {
    const err = new ValidationError('2 issues', {
      type: 'action_request_validation_exception',
      details: { issues: [{ path: 'body.leader_alias', message: 'is missing' }, { path: 'body.leader_index', message: 'is missing' }] },
    });
    const reason = 'Validation Failed: 1: body.leader_alias: is missing;2: body.leader_index: is missing;';
    expect(renderError('opensearch', err).body).toEqual({
      error: {
        root_cause: [{ type: 'action_request_validation_exception', reason }],
        type: 'action_request_validation_exception',
        reason,
      },
      status: 400,
    });
  });

  it.each([
    [new ValidationError('remote-connection ID is invalid'), 400, 'invalid'],
    [new NotFoundError('remote connection not found'), 404, 'not found'],
    [new ConflictError('name taken'), 409, 'conflict'],
    [new AppError(413, 'points batch is too large'), 413, 'request too large'],
    [new AppError(422, 'bad bucket'), 422, 'unprocessable entity'],
    [new UnavailableError('queue full', { headers: { 'Retry-After': '5' } }), 503, 'unavailable'],
  ])('renders InfluxDB errors with the platform code header (%#)', (err, status, code) => {
    const rendered = renderError('influx', err);
    expect(rendered.status).toBe(status);
    expect(rendered.headers['X-Platform-Error-Code']).toBe(code);
    expect(rendered.body).toEqual({ code, message: err.message });
    if (err.headers) expect(rendered.headers['Retry-After']).toBe('5');
  });

  it('lets a plugin choose a specific influx code', () => {
    const err = new AppError(500, 'boom', { influxCode: 'internal error' });
    expect(renderError('influx', err).body).toEqual({ code: 'internal error', message: 'boom' });
  });

  it('renders ElasticHQ errors with status_code equal to the HTTP status', () => {
    const err = new NotFoundError("There is no connection with alias 'x'.");
    expect(renderError('hq', err)).toEqual({
      status: 404,
      headers: {},
      body: { status_code: 404, message: "There is no connection with alias 'x'.", data: [] },
    });
  });

  it('renders gateway errors with code, message and details', () => {
    const err = new ValidationError('bad', { details: { issues: [{ path: 'query.x', message: 'Required' }] } });
    expect(renderError('gateway', err).body).toEqual({
      error: { code: 'validation_failed', message: 'bad', details: { issues: [{ path: 'query.x', message: 'Required' }] } },
    });
    expect(renderError('gateway', new NotFoundError('gone')).body).toEqual({ error: { code: 'not_found', message: 'gone' } });
  });

  it('hides unexpected errors behind a generic 500', () => {
    const err = toAppError(new TypeError('x is undefined'));
    expect(err.status).toBe(500);
    expect(renderError('gateway', err).body).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
  });

  it('keeps body-parser client errors as 4xx', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });
    expect(toAppError(tooLarge).status).toBe(413);
    const badJson = Object.assign(new Error('Unexpected token'), { status: 400, expose: true, type: 'entity.parse.failed' });
    expect(toAppError(badJson).status).toBe(400);
  });
});
