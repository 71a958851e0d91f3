import { securityPostureGateEvaluatePermission } from '@golden-path/plugin-security-posture-common';
import { GateService } from '../gate/GateService';
import { requireRef } from '../lib/refs';
import { UploadBinding } from '../trust/UploadBinding';
import { HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/** `POST /v1/gate`: the deployment gate's decision for a component. @internal */
export function bindGate(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; gate: GateService; binding: UploadBinding },
): void {
  const { access, gate, binding } = deps;
  router.post('/v1/gate', async (req, res) => {
    const entityRef = requireRef(req.body.entityRef);
    const credentials = await access.credentials(req, ['user', 'service']);
    await access.authorize(credentials, securityPostureGateEvaluatePermission, {
      resourceRef: entityRef,
      denied: `not allowed to ask the gate about ${entityRef}`,
    });
    await binding.checkGate(credentials, entityRef);
    const decision = await gate.evaluate(entityRef, principalRef(credentials));
    // a plain copy: the spec's response type has an index signature a named type lacks
    res.json({ ...decision });
  });
}
