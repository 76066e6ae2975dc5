/**
 * What the tests with real EWS clients (exchangelib, ews-javascript-api) share: the demo emulator, the same
 * dataset served as Exchange 2010, and Megan's tokens for EWS and, to be refused, for Graph.
 */
import { DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { type RunningEmulator, startEmulator } from '../../server';
import { signIn } from '../../testing';

export const MEGAN = 'megan@contoso.com';
const EWS_SCOPE = 'openid profile offline_access https://outlook.office365.com/EWS.AccessAsUser.All';

export interface ExchangeEmulators {
  emulator: RunningEmulator;
  /** The demo dataset, but the server is Exchange 2010 RTM. */
  exchange2010: RunningEmulator;
  ewsToken: string;
  graphToken: string;
  close(): Promise<void>;
}

export async function startExchangeEmulators(): Promise<ExchangeEmulators> {
  const emulator = await startEmulator({ autoLogin: true });
  const demo = loadDataset(DEMO_DATASET_PATH);
  const exchange2010 = await startEmulator({
    autoLogin: true,
    data: { ...demo, exchange: { ...demo.exchange!, serverVersion: 'Exchange2010' } },
  });
  const ewsToken = (await signIn(emulator.url, { scope: EWS_SCOPE })).access_token;
  const graphToken = (
    await signIn(emulator.url, { scope: 'openid https://graph.microsoft.com/Files.Read.All' })
  ).access_token;
  return {
    emulator,
    exchange2010,
    ewsToken,
    graphToken,
    async close() {
      await emulator.close();
      await exchange2010.close();
    },
  };
}
