export interface Config {
  /** Settings of the Golden Path Security demo backend. */
  goldenPath?: {
    /** The permission policy (packages/backend/src/modules/permissionPolicy.ts). */
    permission?: {
      /**
       * User or group entity refs whose members administer the portal: delete catalog entities and
       * locations, upload reports or enroll components by hand. Default: group:default/platform-team.
       */
      admins?: string[];
      /**
       * When true, people who are not admins see the security posture of the components they own
       * only (the catalog's isEntityOwner condition). Default false: every signed-in user sees all.
       */
      postureVisibleToOwnersOnly?: boolean;
      /**
       * User or group entity refs whose members may approve or reject exceptions (risk
       * acceptance), besides the admins, who always may. Nobody approves their own request.
       * Default: none (admins only).
       */
      exceptionApprovers?: string[];
      /**
       * User or group entity refs whose members may start template upgrades (they write upgrade
       * branches into the components' repositories), besides the admins. Default: none.
       */
      templateMaintainers?: string[];
      /**
       * User or group entity refs whose members may notify the owning teams of every component an
       * advisory or a package affects (the zero-day page's "Notify owners") and create and edit
       * campaigns (`security-posture.campaign.manage`), besides the admins. Default: none.
       */
      securityLeads?: string[];
    };
    /** Demo data only (packages/backend/src/modules/demoRepositories.ts). */
    demo?: {
      /**
       * Repositories of demo components made from an older template version, created once in
       * goldenPath.scaffolder.localGitRoot when missing.
       */
      repositories?: Array<{
        /** Repository and component name (a DNS label). */
        name: string;
        title?: string;
        /** A template directory of that version (relative to the working directory). */
        template: string;
        /** The answers it was created with. */
        answers: { [name: string]: string | number | boolean };
        /** Whether to add a commit of team edits (one of them to a managed file). */
        teamChanges?: boolean;
        /** What its catalog-info.yaml says besides the template's answers. */
        entity?: {
          description?: string;
          tags?: string[];
          /** spec.type; default service. */
          type?: string;
          providesApis?: string[];
          consumesApis?: string[];
        };
      }>;
    };
  };
}
