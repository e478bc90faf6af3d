import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Client } from './api/client';
import type { WhoAmI } from './state/session';

/** What every page gets: the API client, who is signed in, and a way to sign out when the token is refused. */
export interface Session {
  client: Client;
  who: WhoAmI;
  signOut(reason?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}
