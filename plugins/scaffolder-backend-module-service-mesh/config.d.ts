export interface Config {
  /** Meshport's scaffolder actions (module `@meshport/plugin-scaffolder-backend-module-service-mesh`). */
  serviceMeshScaffolder?: {
    /**
     * Local publishing for development: `meshport:local-repo:publish` writes each new service into a
     * Git repository under this directory, the catalog module (`.../catalog`) offers each repository's
     * catalog-info.yaml to the catalog as a `file` location, and `meshport:catalog:register-local`
     * waits for the entity. Leave it out in production: the actions then refuse to run and the
     * catalog module does nothing.
     */
    localPublish?: {
      /** Directory that holds the local repositories; relative paths are resolved from the backend's working directory. */
      directory: string;
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
