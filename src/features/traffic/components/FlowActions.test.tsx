import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { decodeBody } from '@shared/capture/contentDecode';
import { buildJsFetch } from '../copyAs/jsFetch';
import { buildPythonRequests } from '../copyAs/pythonRequests';
import { buildRawHttp } from '../copyAs/rawHttp';
import { buildCurl } from '../curl/curl';
import { makeFlow, textBody } from '@shared/capture/testFlows';
import { FlowActions } from './FlowActions';

const flow = makeFlow({
  method: 'POST',
  path: '/login',
  reqHeaders: [
    ['Host', 'example.test'],
    ['Content-Type', 'text/plain'],
  ],
  reqBody: textBody('user=margaret'),
});
const request = decodeBody(flow.request.content, flow.request.headers);
const details = { flow, request, response: null };

describe('FlowActions', () => {
  it('copies each snippet its button names and says what it copied', async () => {
    const user = userEvent.setup();
    render(<FlowActions details={details} />);
    const cases: [string, string, string][] = [
      ['Copy URL', 'http://example.test/login', 'URL'],
      ['Copy as curl', buildCurl(flow, request).command, 'curl command'],
      ['Copy as Python requests', buildPythonRequests(flow, request).text, 'Python script'],
      ['Copy as fetch (Node.js)', buildJsFetch(flow, request).text, 'fetch script (Node.js)'],
      ['Copy raw request', buildRawHttp(flow, request).text, 'raw request'],
    ];
    for (const [button, text, what] of cases) {
      await user.click(screen.getByRole('button', { name: button }));
      expect(await navigator.clipboard.readText()).toBe(text);
      expect(await screen.findByRole('status')).toHaveTextContent(`Copied the ${what}.`);
    }
  });
});
