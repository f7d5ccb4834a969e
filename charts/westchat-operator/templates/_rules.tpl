{{/*
What the operator does with the API, one rule per kind of object, and nothing more. The same rules
go into the ClusterRole (every namespace) or into a Role per watched namespace.

Every kind comes from the operator's workflow (WestchatCommunityReconciler): its informers list and
watch each kind. Objects are written with server-side apply (patch, plus create when the object is
new), except ConfigMaps and Secrets, which the operator SDK creates and replaces (create, update). A
part switched off has its objects deleted, except the ones that hold data (generated passwords and
keys, PersistentVolumeClaims), which the operator never deletes; Ergo's config Secret is derived,
not kept, and is deleted with its part.

A bridge that stays not Ready is restarted by a patch of its Deployment (the pod template's
restartedAt, and the count as annotations), which the Deployment rule already grants.

Whether cert-manager is installed is asked through API discovery (/apis/cert-manager.io/v1), which
every authenticated user may read (system:discovery); it takes no rule here.

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
# generated passwords and keys (kept, never deleted) and Ergo's config (deleted when IRC is switched
# off); get: a Secret the user names, such as an external database's or an IRC certificate's
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
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
# the HTTPS entries for Matrix and for XMPP's uploads
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# who may connect to each part of a community (one NetworkPolicy per part; deleted with spec.networkPolicies.enabled: false)
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# cert-manager's Certificates for XMPP and IRC, while the spec names an issuer (watched only where
# cert-manager is installed)
- apiGroups: ["cert-manager.io"]
  resources: ["certificates"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# an Event on the community for every action the operator takes as the community's admin or healer
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# the pods of a bridge that stays not Ready, listed by that bridge's labels when the operator restarts
# it or gives up, to say why it does not start; no watch: the operator follows no pod
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
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
