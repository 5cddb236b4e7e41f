{{/*
Refuses values that would install a broken or dangerous sparkgate. values.schema.json checks types and closed
sets; the rules here span several keys. Each message names the keys and says why.
*/}}
{{- define "sparkgate.validate" -}}
{{- $v := .Values }}
{{- if not (has $v.certs.mode (list "self" "cert-manager" "existing")) }}
{{- fail (printf "certs.mode %q is unknown: use self, cert-manager or existing" $v.certs.mode) }}
{{- end }}
{{- if and (eq $v.certs.mode "existing") (not $v.certs.secretName) }}
{{- fail "certs.mode=existing needs certs.secretName: the Secret (tls.crt, tls.key, ca.crt) you manage" }}
{{- end }}
{{- if and (eq $v.certs.mode "cert-manager") $v.certs.certManager.issuerRef (not $v.certs.certManager.issuerRef.name) }}
{{- fail "certs.certManager.issuerRef needs a name (and a kind: Issuer or ClusterIssuer), or leave it empty for a self-signed CA" }}
{{- end }}
{{- range $kind := list "mutating" "validating" }}
{{- $policy := (index $v.webhooks $kind).failurePolicy }}
{{- if and (eq $policy "Fail") (or (lt (int $v.replicaCount) 2) (not $v.podDisruptionBudget.enabled)) }}
{{- fail (printf "webhooks.%s.failurePolicy=Fail needs replicaCount >= 2 and podDisruptionBudget.enabled=true (now replicaCount=%d, podDisruptionBudget.enabled=%t): with one unprotected replica, every restart or node drain makes the API server reject Spark objects; set the failurePolicy to Ignore or add replicas" $kind (int $v.replicaCount) $v.podDisruptionBudget.enabled) }}
{{- end }}
{{- end }}
{{- if and $v.podDisruptionBudget.enabled (gt (int $v.replicaCount) 1) (ge (int $v.podDisruptionBudget.minAvailable) (int $v.replicaCount)) }}
{{- fail (printf "podDisruptionBudget.minAvailable=%d must be below replicaCount=%d, or no node running sparkgate can ever be drained" (int $v.podDisruptionBudget.minAvailable) (int $v.replicaCount)) }}
{{- end }}
{{- $deadline := include "sparkgate.durationMs" $v.webhook.decisionDeadline | int64 }}
{{- if or (lt $deadline 100) (gt $deadline 9000) (ge $deadline (mul (int64 $v.webhooks.timeoutSeconds) 1000)) }}
{{- fail (printf "webhook.decisionDeadline=%s must be between 100ms and 9s and below webhooks.timeoutSeconds=%ds: the webhook has to answer before the API server gives up on it" $v.webhook.decisionDeadline (int $v.webhooks.timeoutSeconds)) }}
{{- end }}
{{- if ge (include "sparkgate.durationMs" $v.webhook.quotaCommitBudget | int64) $deadline }}
{{- fail (printf "webhook.quotaCommitBudget=%s must be shorter than webhook.decisionDeadline=%s: a quota commit has to end before the review's deadline" $v.webhook.quotaCommitBudget $v.webhook.decisionDeadline) }}
{{- end }}
{{- if lt (include "sparkgate.durationMs" $v.webhook.idleTimeout | int64) 1000 }}
{{- fail (printf "webhook.idleTimeout=%s must be at least 1s" $v.webhook.idleTimeout) }}
{{- end }}
{{- $protected := list "kube-system" .Release.Namespace }}
{{- $selector := $v.webhooks.namespaceSelector | default dict }}
{{- range $key, $value := ($selector.matchLabels | default dict) }}
{{- if and (eq $key "kubernetes.io/metadata.name") (has $value $protected) }}
{{- fail (printf "webhooks.namespaceSelector selects namespace %q: sparkgate never admits kube-system or its own namespace, a webhook outage there can stop the cluster" $value) }}
{{- end }}
{{- end }}
{{- range ($selector.matchExpressions | default list) }}
{{- if and (eq .key "kubernetes.io/metadata.name") (eq .operator "In") }}
{{- range $ns := .values }}
{{- if has $ns $protected }}
{{- fail (printf "webhooks.namespaceSelector selects namespace %q: sparkgate never admits kube-system or its own namespace, a webhook outage there can stop the cluster" $ns) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
