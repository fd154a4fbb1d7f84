export interface Config {
  /** Meshport's scaffolder actions (module `@meshport/plugin-scaffolder-backend-module-service-mesh`). */
  serviceMeshScaffolder?: {
    /**
     * Local publishing for development: `meshport:repo:publish-local` writes each new service into a
     * Git repository under this directory, and `meshport:catalog:register-local` registers its
     * catalog-info.yaml as a `file` location. Leave it out in production: both actions then refuse to run.
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
