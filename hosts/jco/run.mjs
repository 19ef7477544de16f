// Calls the okta-block component from Node.js through jco, against an org at ORIGIN (an
// `okta-block serve` on loopback). jco maps the WIT to camelCase JavaScript: an `ok` result is
// returned, an `err` is thrown as a ComponentError whose `payload` is the okta-error variant.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

// run.sh transpiles the component into JCO_OUT, beside jco's node_modules in the tool cache.
assert.ok(process.env.JCO_OUT, 'JCO_OUT names the folder jco transpiled the component into');
const { users, groups, apps, groupRules, factors, systemLog } = await import(pathToFileURL(`${process.env.JCO_OUT}/okta-block.js`).href);

const origin = process.argv[2] ?? process.env.ORIGIN;
const token = process.env.OKTA_API_TOKEN ?? 'demo-okta-token';
assert.ok(origin, 'usage: node run.mjs http://127.0.0.1:PORT');
const connection = { domain: origin, apiKey: token, maxRetries: 0 };
// Every input starts with the connection record (WIT `connection`).
const withConnection = (fields) => ({ connection, ...fields });

const everyone = users.listUsers(withConnection({ returnAll: true }));
assert.ok(everyone.count > 40, `listed ${everyone.count}`);
assert.equal(everyone.hasMore, false);
console.log(`list-users: ${everyone.count} users, first ${everyone.users[0].login}`);

const created = users.createUser(withConnection({
  firstName: 'Grace', lastName: 'Hopper', email: `grace.${Date.now()}@example.com`,
  password: 'Cobol-1959-Navy!', profileJson: JSON.stringify({ costCenter: 'NAVY-1' }),
}));
assert.equal(created.status, 'ACTIVE');
console.log(`create-user: ${created.id} ${created.status}`);

const engineering = groups.listGroups(withConnection({ q: 'Engineering' })).groups[0];
const added = groups.addUserToGroup(withConnection({ groupId: engineering.id, userId: created.id }));
assert.equal(added.added, true);
assert.equal(added.alreadyMember, false);
console.log(`add-user-to-group: ${added.userId} -> ${engineering.name}`);

try {
  users.getUser(withConnection({ userId: 'nobody@example.com' }));
  assert.fail('an unknown user must be an error');
} catch (error) {
  assert.equal(error.payload.tag, 'not-found');
  assert.equal(error.payload.val.errorCode, 'E0000007');
  console.log(`get-user (unknown): ${error.payload.tag} ${error.payload.val.errorCode} ${error.payload.val.errorSummary}`);
}

try {
  users.getUser(withConnection({ userId: '../groups' }));
  assert.fail('a bad id must be refused');
} catch (error) {
  assert.equal(error.payload.tag, 'invalid-input');
  assert.equal(error.payload.val.field, 'userId');
  console.log(`get-user (bad id): ${error.payload.tag} ${error.payload.val.field}: ${error.payload.val.reason}`);
}
// The areas 0.3.0 added, one call each: an app assignment, the seeded group rule, a factor
// enrollment and the System Log's record of it all.
const slack = apps.listApps(withConnection({ q: 'Slack' })).apps[0];
const assigned = apps.assignUserToApp(withConnection({ appId: slack.id, userId: created.id }));
assert.equal(assigned.id, created.id);
console.log(`assign-user-to-app: ${created.id} -> ${slack.label} (${assigned.scope})`);
const rules = groupRules.listGroupRules(withConnection({}));
assert.ok(rules.rules.some((rule) => rule.status === 'ACTIVE'), JSON.stringify(rules));
console.log(`list-group-rules: ${rules.count} rules, ${rules.rules.map((r) => `${r.name} ${r.status}`).join(', ')}`);
const factor = factors.enrollFactor(withConnection({
  userId: created.id, factorType: 'email', email: created.email,
}));
console.log(`enroll-factor: ${factor.factorType} ${factor.status}`);
const log = systemLog.getLogs(withConnection({ filter: `target.id eq "${created.id}"` }));
assert.ok(log.events.length >= 3, JSON.stringify(log));
console.log(`get-logs: ${log.events.map((event) => event.eventType).join(' ')}`);
console.log('jco: all calls behaved');
