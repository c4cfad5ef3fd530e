import type { OAuthProviderId } from '@cardshop/db';

export type { OAuthProviderId };

/** Who the provider says signed in. */
export interface ProviderProfile {
  openid: string;
  unionid: string | null;
  nickname: string | null;
  avatarUrl: string | null;
}

export interface OAuthProvider {
  id: OAuthProviderId;
  /** Where the person is sent to approve the sign-in. */
  authorizeUrl(input: { redirectUri: string; state: string }): string;
  /** Exchanges the code for a token and reads the profile; throws OAuthProviderError. */
  identify(input: { code: string; redirectUri: string }): Promise<ProviderProfile>;
}

/** A provider call that failed: its HTTP status or error code, for the audit log and logs. */
export class OAuthProviderError extends Error {
  override name = 'OAuthProviderError';
  constructor(
    readonly provider: OAuthProviderId,
    readonly step: 'token' | 'openid' | 'profile',
    readonly reason: string,
  ) {
    super(`${provider} ${step} failed: ${reason}`);
  }
}

const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * GETs a provider API and parses its JSON. Both answer errors with HTTP 200 and an error body,
 * WeChat sometimes as text/plain, and QQ's older endpoints wrap JSON in `callback( ... );`.
 */
export async function getProviderJson(
  provider: OAuthProviderId,
  step: OAuthProviderError['step'],
  url: string,
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch (error) {
    throw new OAuthProviderError(
      provider,
      step,
      error instanceof Error ? `network: ${error.name}` : 'network',
    );
  }
  const text = await res.text();
  if (!res.ok) throw new OAuthProviderError(provider, step, `http ${res.status}`);
  const json = text.trim().replace(/^callback\(\s*([\s\S]*?)\s*\);?$/, '$1');
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new OAuthProviderError(provider, step, 'unreadable answer');
}

export function str(value: unknown, max = 1000): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
}
