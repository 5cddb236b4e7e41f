{{/* Chart name, truncated to the 63 characters a label value may hold. */}}
{{- define "sparkgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: the release name, plus the chart name unless the release already carries it. */}}
{{- define "sparkgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "sparkgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sparkgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels the Service, the PDB and the anti-affinity select the webhook pods by. */}}
{{- define "sparkgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparkgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels the operator Deployment selects its pods by. Its own app.kubernetes.io/name, so that neither the webhook
Deployment's (immutable) selector nor the webhook Service ever matches an operator pod.
*/}}
{{- define "sparkgate.operatorSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-operator" (include "sparkgate.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of the operator's objects. */}}
{{- define "sparkgate.operatorLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sparkgate.operatorSelectorLabels" . }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: {{ include "sparkgate.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The webhook's ServiceAccount: admission reads, quota ConfigMaps, reading its serving Secret; never the operator's writes nor the CA. */}}
{{- define "sparkgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sparkgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator's ServiceAccount: creates and deletes the pods, Services and ConfigMaps of a run. */}}
{{- define "sparkgate.operatorServiceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (printf "%s-operator" (include "sparkgate.fullname" .)) .Values.operator.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding tls.crt, tls.key and ca.crt. */}}
{{- define "sparkgate.certSecretName" -}}
{{- default (printf "%s-tls" (include "sparkgate.fullname" .)) .Values.certs.secretName }}
{{- end }}

{{/* The serving certificate's cert-manager Certificate. */}}
{{- define "sparkgate.certificateName" -}}
{{- printf "%s-serving" (include "sparkgate.fullname" .) }}
{{- end }}

{{/* Name of the lease the operator replicas elect a leader with. */}}
{{- define "sparkgate.leaseName" -}}
{{- printf "%s-operator" (include "sparkgate.fullname" .) }}
{{- end }}

{{/*
Where the webhook gets its serving certificate: in every mode the Secret, read through a watch and reloaded without
a restart (the mounted files only give the first certificate), never written. Who writes it: certs.mode=self the
certificate writer (cert-writer.yaml), cert-manager or you. The webhook never holds the CA key.
*/}}
{{- define "sparkgate.webhookCertArgs" -}}
- --cert-mode=external
- --namespace={{ .Release.Namespace }}
- --service={{ include "sparkgate.fullname" . }}
- --secret={{ include "sparkgate.certSecretName" . }}
{{- end }}

{{/* The names and lifetimes the certs Job and the certificate writer agree on (certs.mode=self). */}}
{{- define "sparkgate.certWriterArgs" -}}
- --namespace={{ .Release.Namespace }}
- --service={{ include "sparkgate.fullname" . }}
- --secret={{ include "sparkgate.certSecretName" . }}
- --ca-validity={{ .Values.certs.self.caValidityDays }}d
- --leaf-validity={{ .Values.certs.self.validityDays }}d
{{- end }}

{{/* The CA Secret of certs.mode=self: holds the CA private key, readable by the certificate writer only. */}}
{{- define "sparkgate.caSecretName" -}}
{{- printf "%s-ca" (include "sparkgate.certSecretName" .) }}
{{- end }}

{{/* The certificate writer's name, ServiceAccount and Lease (certs.mode=self). */}}
{{- define "sparkgate.certWriterName" -}}
{{- printf "%s-cert-writer" (include "sparkgate.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels the certificate writer's pods are selected by: matched by neither the webhook's nor the operator's selector. */}}
{{- define "sparkgate.certWriterSelectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-cert-writer" (include "sparkgate.name" .) | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The webhook's admission and connection limits, as the flags of "sparkgate webhook". */}}
{{- define "sparkgate.webhookLimitArgs" -}}
{{- $w := .Values.webhook }}
- --decision-deadline={{ $w.decisionDeadline }}
- --admission-workers={{ int $w.admissionWorkers }}
- --admission-queue={{ int $w.admissionQueue }}
- --header-timeout={{ $w.headerTimeout }}
- --idle-timeout={{ $w.idleTimeout }}
- --max-connections={{ int $w.maxConnections }}
- --quota-reservation-ttl={{ $w.quotaReservationTtl }}
- --quota-commit-budget={{ $w.quotaCommitBudget }}
{{- end }}

{{/* A duration value (500ms, 4s, 2m; the schema checks the form) in milliseconds. */}}
{{- define "sparkgate.durationMs" -}}
{{- $n := regexFind "^[0-9]+" . | int64 }}
{{- $unit := trimPrefix (regexFind "^[0-9]+" .) . }}
{{- if eq $unit "ms" }}{{ $n }}{{ else if eq $unit "s" }}{{ mul $n 1000 }}{{ else }}{{ mul $n 60000 }}{{ end }}
{{- end }}

{{/* The image reference the webhook, the operator and the certificate Job run. */}}
{{- define "sparkgate.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The service DNS name the API server calls. */}}
{{- define "sparkgate.serviceHost" -}}
{{- printf "%s.%s.svc" (include "sparkgate.fullname" .) .Release.Namespace }}
{{- end }}

{{/*
Namespaces the webhooks never see. kube-system and the release namespace are always excluded: a webhook
outage must not stop the control plane, nor sparkgate's own pods from restarting.
*/}}
{{- define "sparkgate.excludedNamespaces" -}}
{{- $all := list "kube-system" .Release.Namespace -}}
{{- range .Values.webhooks.excludedNamespaces }}{{ $all = append $all . }}{{ end }}
{{- toYaml (uniq $all) }}
{{- end }}

{{/* The namespaceSelector of every namespaced webhook: the user's selector ANDed with the exclusions. */}}
{{- define "sparkgate.namespaceSelector" -}}
{{- $user := .Values.webhooks.namespaceSelector | default dict -}}
{{- with $user.matchLabels }}
matchLabels:
  {{- toYaml . | nindent 2 }}
{{- end }}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
      {{- include "sparkgate.excludedNamespaces" . | nindent 6 }}
  {{- if .Values.webhooks.optOutLabel }}
  - key: {{ .Values.webhooks.optOutLabel }}
    operator: NotIn
    values: ["true"]
  {{- end }}
  {{- with $user.matchExpressions }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{/* The object selector of the pod webhooks: only Spark's driver and executor pods. */}}
{{- define "sparkgate.sparkPodSelector" -}}
matchExpressions:
  - key: spark-role
    operator: In
    values: [driver, executor]
{{- end }}

{{/* The clientConfig of one webhook: the Service, the path and, when the chart knows it, the CA bundle. */}}
{{- define "sparkgate.clientConfig" -}}
{{- $root := index . 0 -}}
{{- $path := index . 1 -}}
clientConfig:
  service:
    name: {{ include "sparkgate.fullname" $root }}
    namespace: {{ $root.Release.Namespace }}
    path: {{ $path }}
    port: {{ $root.Values.service.port }}
  {{- if and (eq $root.Values.certs.mode "existing") $root.Values.certs.existing.caBundle }}
  caBundle: {{ $root.Values.certs.existing.caBundle }}
  {{- end }}
{{- end }}

{{/* Annotations of the webhook configurations: cert-manager's cainjector fills caBundle in that mode. */}}
{{- define "sparkgate.webhookAnnotations" -}}
{{- if eq .Values.certs.mode "cert-manager" }}
annotations:
  cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "sparkgate.certificateName" .) }}
{{- end }}
{{- end }}

{{/* Settings every validating webhook shares. */}}
{{- define "sparkgate.validatingCommon" -}}
failurePolicy: {{ .Values.webhooks.validating.failurePolicy }}
matchPolicy: Equivalent
sideEffects: None
timeoutSeconds: {{ .Values.webhooks.timeoutSeconds }}
{{- end }}
