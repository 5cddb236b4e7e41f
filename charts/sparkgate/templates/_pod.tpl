{{/* Environment the webhook and the operator share: their own identity for leader election, JVM options and log level. */}}
{{- define "sparkgate.commonEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- with .Values.javaToolOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ . | quote }}
{{- end }}
- name: SPARKGATE_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end }}

{{/* Probes on a plain-HTTP health port: ready when caches are synced, live while the event loop answers. */}}
{{- define "sparkgate.probes" -}}
startupProbe:
  httpGet: {path: /healthz, port: {{ . }}}
  periodSeconds: 2
  failureThreshold: 60
readinessProbe:
  httpGet: {path: /readyz, port: {{ . }}}
  periodSeconds: 5
  failureThreshold: 2
livenessProbe:
  httpGet: {path: /healthz, port: {{ . }}}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/* Anti-affinity spreading replicas over nodes, merged with the user's own affinity. */}}
{{- define "sparkgate.affinity" -}}
{{- $affinity := deepCopy (.Values.affinity | default dict) -}}
{{- $term := dict "labelSelector" (dict "matchLabels" (include "sparkgate.selectorLabels" . | fromYaml)) "topologyKey" .Values.podAntiAffinityTopologyKey -}}
{{- if and (gt (int .Values.replicaCount) 1) (ne .Values.podAntiAffinity "none") }}
{{- $anti := deepCopy (get $affinity "podAntiAffinity" | default dict) -}}
{{- if eq .Values.podAntiAffinity "hard" }}
{{- $_ := set $anti "requiredDuringSchedulingIgnoredDuringExecution" (append (get $anti "requiredDuringSchedulingIgnoredDuringExecution" | default list) $term) -}}
{{- else }}
{{- $_ := set $anti "preferredDuringSchedulingIgnoredDuringExecution" (append (get $anti "preferredDuringSchedulingIgnoredDuringExecution" | default list) (dict "weight" 100 "podAffinityTerm" $term)) -}}
{{- end }}
{{- $_ := set $affinity "podAntiAffinity" $anti -}}
{{- end }}
{{- with $affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
