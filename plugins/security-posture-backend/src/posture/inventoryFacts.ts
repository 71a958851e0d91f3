import {
  POSTURE_INVENTORY_MAX_PACKAGES,
  PostureInventory,
} from '@golden-path/policy';
import { mergePackages } from '../inventory/ComponentInventory';
import { ComponentPackageRow } from '../inventory/InventoryStore';
import { idMatches, isCopyleft, licenceCounts } from '../inventory/licences';

/** The licence facts of packages without a licence. */
const NO_LICENCE = 'none';

/**
 * What posture policies see of a component's inventory (`inventory`): its licences with their
 * package counts, and its packages with their licences (copyleft ones first, at most
 * {@link POSTURE_INVENTORY_MAX_PACKAGES}), copyleft by `patterns` (SPDX ids or prefixes ending
 * in `*`). A package is copyleft when one of its licences leaves no choice but a copyleft one.
 *
 * @internal
 */
export function inventoryFacts(
  rows: ComponentPackageRow[],
  patterns: readonly string[],
): PostureInventory {
  const list = [...patterns];
  // packages share a few licences: each decided once
  const decided = new Map<string, boolean>();
  const copyleftLicence = (licence: string) => {
    let copyleft = decided.get(licence);
    if (copyleft === undefined) {
      copyleft = isCopyleft(licence, list);
      decided.set(licence, copyleft);
    }
    return copyleft;
  };
  const packages = mergePackages(rows).map(p => ({
    name: p.name,
    purl: p.purl,
    version: p.version,
    licenses: p.licenses,
    copyleft: p.licenses.some(copyleftLicence),
    direct: p.direct,
  }));
  const copyleft = packages.filter(p => p.copyleft);
  // copyleft first, each group in name order (mergePackages' order)
  const listed = [...copyleft, ...packages.filter(p => !p.copyleft)];
  return {
    packageCount: packages.length,
    licenses: licenceCounts(packages).map(l => ({
      ...l,
      copyleft: l.id !== NO_LICENCE && list.some(p => idMatches(l.id, p)),
    })),
    copyleftCount: copyleft.length,
    packages: listed.slice(0, POSTURE_INVENTORY_MAX_PACKAGES),
    truncated: listed.length > POSTURE_INVENTORY_MAX_PACKAGES,
  };
}
