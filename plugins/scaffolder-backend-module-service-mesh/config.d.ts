export interface Config {
  /** Meshport's scaffolder actions (module `@meshport/plugin-scaffolder-backend-module-service-mesh`). */
  serviceMeshScaffolder?: {
    /**
     * Local publishing for development: `meshport:local-repo:publish` writes each new service into a
     * Git repository under this directory, the catalog module (`.../catalog`) offers each repository's
     * catalog-info.yaml to the catalog as a `file` location, and `meshport:catalog:register-local`
     * waits for the entity. Off unless `enabled` is `true`, and always off with NODE_ENV=production;
     * while off the actions refuse to run and the catalog module does nothing. Whoever runs a task
     * needs the catalog's `catalog.location.create` permission.
     */
    localPublish?: {
      /**
       * Turns local publishing on. Production configs loaded after a development app-config.yaml
       * set it to false, since config files merge.
       */
      enabled?: boolean;
      /** Directory that holds the local repositories (required when enabled); relative paths are resolved from the backend's working directory. */
      directory?: string;
      /** Branch of the commit. Default: main. */
      defaultBranch?: string;
    };
    /** Argo CD, for links to the generated applications on the result page. */
    argocd?: {
      /**
       * Base URL of the Argo CD UI, e.g. https://argocd.example.com.
       * @visibility frontend
       */
      baseUrl?: string;
    };
  };
}
