export interface Config {
  goldenPath?: {
    scaffolder?: {
      /**
       * Directory holding the local bare git repositories that `goldenpath:publish:git`
       * pushes to (demo and tests; production publishes with publish:github / publish:gitlab).
       * Relative paths resolve against the monorepo root (the nearest parent directory of the
       * working directory whose package.json declares workspaces). Default `.data/git`.
       */
      localGitRoot?: string;
      /**
       * The URL prefix under which the local repositories are read by the catalog
       * (`<prefix>/<repo>/blob/<branch>/<path>`). Default `<backend.baseUrl>/golden-path-git`.
       */
      localGitBaseUrl?: string;
      /**
       * Extra workspace policy files or directories evaluated by `goldenpath:policy:check`
       * besides the built-in ones (paths relative to the monorepo root or absolute).
       */
      extraPolicies?: string[];
    };
  };
}
