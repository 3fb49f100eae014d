import { queryParam } from './form-input.js';

/**
 * Messages shown after a redirect, chosen by a fixed key in `?notice=`: the query never carries
 * text, so nothing from the URL is ever reflected into the page.
 */
const notices = {
  'signed-out': 'You have signed out.',
  'session-ended': 'Your session has ended. Please sign in again.',
  welcome: 'Welcome! Your account is ready and you are signed in.',
  'password-changed': 'Your password has been changed. Every other device has been signed out.',
  'device-signed-out': 'That device has been signed out.',
  'others-signed-out': 'Every other device has been signed out.',
  'app-access-removed': 'The app’s access has been removed and it has been signed out.',
  'two-factor-off': 'Two-factor authentication is off. Your recovery codes no longer work.',
  'passkey-added': 'Your passkey has been added. You can now sign in with it.',
  'passkey-removed': 'That passkey has been removed.',
  'passkey-renamed': 'The passkey has been renamed.',
  'sign-in-expired': 'That sign-in took too long. Please sign in again.',
  'account-deleted': 'Your account has been deleted. You are signed out everywhere.',
} as const;

export type NoticeKey = keyof typeof notices;

export function noticeFrom(query: unknown): string | null {
  const key = queryParam(query, 'notice');
  return key !== undefined && Object.hasOwn(notices, key) ? notices[key as NoticeKey] : null;
}

export function withNotice(path: string, key: NoticeKey): string {
  return `${path}${path.includes('?') ? '&' : '?'}notice=${key}`;
}
