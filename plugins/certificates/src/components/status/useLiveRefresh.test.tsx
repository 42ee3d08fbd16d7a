import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { details } from '../../__testUtils__/fixtures';
import { certificatesApiRef } from '../../api';
import { CertificateStatus } from '../CertificateStatusCard';
import { POLL_INTERVAL_MS, useLiveRefresh } from './useLiveRefresh';

type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** A signals API whose subscribers the test sends messages to. */
function fakeSignals() {
  const subscribers = new Map<string, Array<(m: JsonObject) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const list = subscribers.get(channel) ?? [];
      list.push(onMessage as (m: JsonObject) => void);
      subscribers.set(channel, list);
      return {
        unsubscribe: () =>
          subscribers.set(
            channel,
            (subscribers.get(channel) ?? []).filter(f => f !== onMessage),
          ),
      };
    },
  };
  const send = (channel: string, message: JsonObject) =>
    act(() => (subscribers.get(channel) ?? []).forEach(f => f(message)));
  return { api, send, subscribers };
}

describe('useLiveRefresh', () => {
  afterEach(() => jest.useRealTimers());

  it('reloads on each signal of the team channel and does not poll', () => {
    jest.useFakeTimers();
    const signals = fakeSignals();
    const refresh = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals.api]]}>
        {children}
      </TestApiProvider>
    );
    const { result, unmount } = renderHook(
      () => useLiveRefresh('team-a', refresh),
      { wrapper },
    );
    expect(result.current.live).toBe(true);
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 3));
    expect(refresh).not.toHaveBeenCalled();

    signals.send('certificates:team-b', { team: 'team-b' });
    expect(refresh).not.toHaveBeenCalled();
    signals.send('certificates:team-a', { team: 'team-a', changed: 'status' });
    expect(refresh).toHaveBeenCalledTimes(1);
    signals.send('certificates:team-a', { team: 'team-a', changed: 'status' });
    expect(refresh).toHaveBeenCalledTimes(2);

    unmount();
    expect(signals.subscribers.get('certificates:team-a')).toEqual([]);
  });

  it('polls when the app has no signals', () => {
    jest.useFakeTimers();
    const refresh = jest.fn();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
    const { result, unmount } = renderHook(
      () => useLiveRefresh('team-a', refresh),
      { wrapper },
    );
    expect(result.current.live).toBe(false);
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 2));
    expect(refresh).toHaveBeenCalledTimes(2);
    unmount();
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 2));
    expect(refresh).toHaveBeenCalledTimes(2);
  });
});

describe('live status card', () => {
  it('reloads the certificate when its team is signalled', async () => {
    const signals = fakeSignals();
    const getCertificate = jest.fn(async () => details());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [certificatesApiRef, { getCertificate }],
          [signalApiRef, signals.api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <CertificateStatus team="team-a" name="shop-example-com" />
      </TestApiProvider>,
    );
    await waitFor(() => expect(getCertificate).toHaveBeenCalledTimes(1), {
      timeout: 5000,
    });
    signals.send('certificates:team-a', { team: 'team-a', changed: 'status' });
    await waitFor(() => expect(getCertificate).toHaveBeenCalledTimes(2), {
      timeout: 5000,
    });
    expect(getCertificate).toHaveBeenLastCalledWith(
      'team-a',
      'shop-example-com',
    );
  });
});
