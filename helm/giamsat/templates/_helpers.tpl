{{/* Names and labels. */}}
{{- define "giamsat.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "giamsat.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "giamsat.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "giamsat.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The services the chart knows, in a fixed order. */}}
{{- define "giamsat.services" -}}ingestor rules query escalator{{- end -}}

{{/* Autoscaled services (a HorizontalPodAutoscaler is possible). */}}
{{- define "giamsat.autoscaled" -}}ingestor query{{- end -}}

{{/* Services with the standard gRPC health service. */}}
{{- define "giamsat.grpcHealth" -}}ingestor query{{- end -}}

{{/* args: dict "root" $ "svc" name */}}
{{- define "giamsat.component" -}}
{{- printf "%s-%s" (include "giamsat.fullname" .root) .svc | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "giamsat.selectorLabels" -}}
app.kubernetes.io/name: {{ include "giamsat.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc }}
{{- end -}}

{{- define "giamsat.labels" -}}
{{ include "giamsat.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: giamsat
{{- end -}}

{{- define "giamsat.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "giamsat.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The ports a service listens on, from its config: "name:port" words for
grpc.listen, http.listen and metrics.listen when set. args: dict "values" v
*/}}
{{- define "giamsat.ports" -}}
{{- $cfg := .values.config | default dict -}}
{{- range $section := list "grpc" "http" "metrics" -}}
{{- $listen := dig $section "listen" "" $cfg -}}
{{- if $listen -}}
{{- $port := regexFind "[0-9]+$" $listen -}}
{{- if not $port -}}{{- fail (printf "config.%s.listen: expected host:port, got %q" $section $listen) -}}{{- end -}}
{{ $section }}:{{ $port }}{{ " " }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The rules service's replica count. args: root */}}
{{- define "giamsat.rulesReplicas" -}}
{{- $v := .Values.rules -}}
{{- $partitions := int (dig "kafka" "partitions" 6 ($v.config | default dict)) -}}
{{- $replicas := 0 -}}
{{- if $v.replicas -}}
{{- $replicas = int $v.replicas -}}
{{- else -}}
{{- $per := int $v.partitionsPerReplica -}}
{{- $replicas = div (add $partitions (sub $per 1)) $per -}}
{{- end -}}
{{- if gt $replicas $partitions -}}
{{- fail (printf "rules.replicas (%d) exceeds rules.config.kafka.partitions (%d): the extra consumers would stay idle" $replicas $partitions) -}}
{{- end -}}
{{- $replicas -}}
{{- end -}}

{{/*
The pod template of one service. args: dict "root" $ "svc" name
*/}}
{{- define "giamsat.podTemplate" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $v := index $root.Values $svc -}}
{{- $cfg := $v.config | default dict -}}
{{- $ports := include "giamsat.ports" (dict "values" $v) | trim | splitList " " | compact -}}
metadata:
  labels:
    {{- include "giamsat.labels" . | nindent 4 }}
    {{- with $root.Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ toYaml $cfg | sha256sum }}
    {{- with $root.Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "giamsat.serviceAccountName" $root }}
  automountServiceAccountToken: false
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    fsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: {{ $svc }}
      image: {{ printf "%s/%s:%s" $root.Values.image.repository $svc (default $root.Chart.AppVersion $root.Values.image.tag) | quote }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args:
        - --config=/etc/giamsat/config/config.yaml
        {{- if and (eq $svc "rules") $v.staticMembership }}
        - --set=kafka.group_instance_id=$(POD_NAME)
        {{- end }}
      securityContext:
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
      env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        {{- range (concat $root.Values.secretEnv $v.secretEnv) }}
        - name: {{ .name }}
          valueFrom:
            secretKeyRef:
              name: {{ .secretName }}
              key: {{ .key }}
        {{- end }}
        {{- with $v.env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- if $ports }}
      ports:
        {{- range $ports }}
        {{- $p := splitList ":" . }}
        - name: {{ index $p 0 }}
          containerPort: {{ index $p 1 }}
          protocol: TCP
        {{- end }}
      {{- end }}
      {{- $metrics := dig "metrics" "listen" "" $cfg }}
      {{- $grpc := dig "grpc" "listen" "" $cfg }}
      {{- $tls := dig "tls" "cert_file" "" $cfg }}
      {{- if and $grpc (has $svc (splitList " " (include "giamsat.grpcHealth" $root))) }}
      readinessProbe:
        {{- if $tls }}
        tcpSocket:
          port: grpc
        {{- else }}
        grpc:
          port: {{ regexFind "[0-9]+$" $grpc }}
        {{- end }}
        periodSeconds: 5
        failureThreshold: 3
      {{- else if $metrics }}
      readinessProbe:
        httpGet:
          path: /metrics
          port: metrics
        periodSeconds: 5
        failureThreshold: 3
      {{- end }}
      {{- if $metrics }}
      livenessProbe:
        httpGet:
          path: /metrics
          port: metrics
        initialDelaySeconds: 10
        periodSeconds: 10
        timeoutSeconds: 5
        failureThreshold: 6
      {{- end }}
      {{- with $v.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: config
          mountPath: /etc/giamsat/config
          readOnly: true
        - name: tmp
          mountPath: /tmp
        {{- range (concat $root.Values.secretMounts $v.secretMounts) }}
        - name: {{ .name }}
          mountPath: {{ .mountPath }}
          readOnly: true
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "giamsat.component" . }}
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
    {{- range (concat $root.Values.secretMounts $v.secretMounts) }}
    - name: {{ .name }}
      secret:
        secretName: {{ .secretName }}
        defaultMode: 0440
    {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
