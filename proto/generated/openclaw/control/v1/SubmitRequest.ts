// Original file: proto/control.proto


export interface SubmitRequest {
  /**
   * The job spec (*.claw.yaml) as YAML or JSON text, validated by the control plane.
   */
  'spec'?: (string);
  /**
   * Where the spec came from on the client, shown in the views.
   */
  'specPath'?: (string);
}

export interface SubmitRequest__Output {
  /**
   * The job spec (*.claw.yaml) as YAML or JSON text, validated by the control plane.
   */
  'spec': (string);
  /**
   * Where the spec came from on the client, shown in the views.
   */
  'specPath': (string);
}
