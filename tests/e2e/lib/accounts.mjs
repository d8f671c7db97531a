// Test accounts through the API: sign-ups with or without the mailed confirmation, roles set by
// an admin. Every helper uses kTestPassword unless told otherwise.

import {Api} from './api.mjs';
import {findLink} from './mail.mjs';

export const kTestPassword = 'correct horse battery';

// Sets the role of the account with `email` (an admin's Api).
export async function setRole(admin, email, role) {
  const users = await admin.get(`/users?q=${encodeURIComponent(email)}`);
  const user = (users.items || users).find((u) => u.email === email);
  await admin.patch(`/users/${user.id}`, {role});
}

// Signs up and confirms through the mailed link (server.waitForMail), then sets `role` if given.
export async function confirmedUser(server, admin, {email, name, phone, role, password = kTestPassword}) {
  const body = {email, password, name};
  if (phone) body.phone = phone;
  await admin.post('/auth/register', body, {token: null});
  const mail = await server.waitForMail((m) => m.to.includes(email) && /\/account\/confirm/.test(m.text));
  const token = new URL(findLink(mail, '/account/confirm')).searchParams.get('token');
  await admin.post('/auth/confirm', {token}, {token: null});
  if (role) await setRole(admin, email, role);
}

// Signs up where confirmation is off, sets `role` if given, signs in:
// {api (signed in), session (the login reply), email, name}.
export async function signedUpUser(admin, {email, name, role, password = kTestPassword}) {
  await admin.post('/auth/register', {email, password, name}, {token: null});
  if (role) await setRole(admin, email, role);
  const api = new Api(admin.base);
  const session = await api.login(email, password);
  return {api, session, email, name};
}
