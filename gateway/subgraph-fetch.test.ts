import { requestErrorsAnswered } from './subgraph-fetch';
import { BufferedResponse } from './subgraph-transport';

/** A subgraph's refusal of a request (HTTP 400 with GraphQL errors) must reach Apollo's data source as an answer it reads. */
describe('a subgraph answering HTTP 400', () => {
  const json = new Headers({ 'content-type': 'application/json' });
  const answering = (status: number, body: string) => requestErrorsAnswered(async () => BufferedResponse.of(status, '', json, body));

  it('is read as the GraphQL response it is when its body holds errors, their text untouched', async () => {
    const body = JSON.stringify({ errors: [{ message: 'Variable "$from" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] });
    const response = await answering(400, body)('http://subgraph/graphql', { method: 'POST' });
    expect(response.ok).toBe(true);
    expect(await response.json()).toEqual(JSON.parse(body));
  });

  it('stays a 400 when its body is no GraphQL response, and other statuses pass as they are', async () => {
    expect((await answering(400, 'Bad Request')('http://subgraph/graphql', {})).status).toBe(400);
    expect((await answering(400, '{"errors":[]}')('http://subgraph/graphql', {})).status).toBe(400);
    expect((await answering(500, '{"errors":[{"message":"boom"}]}')('http://subgraph/graphql', {})).status).toBe(500);
    expect((await answering(200, '{"data":{}}')('http://subgraph/graphql', {})).status).toBe(200);
  });
});
