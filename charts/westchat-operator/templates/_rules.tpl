{{/*
What the operator does with the API, one rule per kind of object, and nothing more. The same rules
go into the ClusterRole (every namespace) or into a Role per watched namespace.

Every kind comes from the operator's workflow (WestchatCommunityReconciler): its informers list and
watch each kind. Objects are written with server-side apply (patch, plus create when the object is
new), except ConfigMaps and Secrets, which the operator SDK creates and replaces (create, update). A
part switched off has its objects deleted, except the ones that hold data (Secrets,
PersistentVolumeClaims), which the operator never deletes.

A dependent of a new kind needs a rule here. The e2e tests compare these rules with the workflow and
run the operator with each verb taken away in turn, so a missing or a superfluous verb fails them.
*/}}
{{- define "westchat-operator.rules" -}}
# the communities: read, and their status written
- apiGroups: ["westchat.freedom-messenger.net"]
  resources: ["westchatcommunities"]
  verbs: ["list", "watch"]
- apiGroups: ["westchat.freedom-messenger.net"]
  resources: ["westchatcommunities/status"]
  verbs: ["patch"]
# generated passwords and keys (kept, never deleted); get: a Secret the user names, such as an
# external database's
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update"]
# volumes of Synapse's media (kept, never deleted)
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "watch", "create", "patch"]
# configuration files of every part
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "update", "delete"]
# the Services of every part
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# the servers
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# PostgreSQL, with its volume from a claim template
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# the HTTPS entry for Matrix
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list", "watch", "create", "patch", "delete"]
{{- end -}}

{{/*
At start the operator checks that its CRD is installed and matches its own model; this reads that
one CRD and no other.
*/}}
{{- define "westchat-operator.crdRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["westchatcommunities.westchat.freedom-messenger.net"]
  verbs: ["get"]
{{- end -}}
