import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { decodeBody } from '@shared/capture/contentDecode';
import type { FlowDetails, TrafficSession } from '../session';
import { makeFlow, textBody } from '@shared/capture/testFlows';
import { summarizeFlow } from '../worker/rows';
import { FlowDetailsPanel } from './FlowDetailsPanel';

const flow = makeFlow({ method: 'POST', path: '/login', reqBody: textBody('user=<b>x</b>') });
const details: FlowDetails = {
  flow,
  request: decodeBody(flow.request.content, flow.request.headers),
  response: null,
};

describe('FlowDetailsPanel', () => {
  it('says why a whole flow could not be fetched, as text, and Retry fetches it again', async () => {
    const user = userEvent.setup();
    const answers: (() => Promise<FlowDetails | null>)[] = [
      () => Promise.reject(new Error('<img src=x> the platform is busy')),
      () => Promise.resolve(details),
    ];
    let calls = 0;
    // the session's side of it (fetch, worker) is tested in summaryLoad.test.ts
    const session = { details: () => answers[calls++]!() } as unknown as TrafficSession;
    render(<FlowDetailsPanel session={session} row={summarizeFlow(flow, 0)} onClose={() => {}} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The flow could not be loaded: <img src=x> the platform is busy',
    );
    expect(alert.querySelector('img')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('http://example.test/login')).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls).toBe(2);
  });
});
