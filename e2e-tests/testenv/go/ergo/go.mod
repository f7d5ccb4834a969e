// Wrapper module: builds the Ergo IRC server.
//
// The module proxy serves only one version of github.com/ergochat/ergo here:
// the pseudo-version below, a commit of 2021-09-19 between the 2.7.0 and
// 2.8.0 releases (it reports itself as 2.8.0-unreleased). Ergo's release tags
// (v2.x) do not match its module path (no /v2 suffix), so releases exist on
// the proxy only as pseudo-versions, and newer ones are refused here.
//
// Ergo's own go.mod swaps two dependencies for its forks; replace directives
// of a dependency are ignored, so they are repeated here.
module westchat.local/testenv/ergo

go 1.24

tool github.com/ergochat/ergo

require (
	code.cloudfoundry.org/bytefmt v0.0.0-20200131002437-cf55d5288a48 // indirect
	github.com/GehirnInc/crypt v0.0.0-20200316065508-bb7000b8a962 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/docopt/docopt-go v0.0.0-20180111231733-ee0de3bc6815 // indirect
	github.com/ergochat/confusables v0.0.0-20201108231250-4ab98ab61fb1 // indirect
	github.com/ergochat/ergo v1.2.1-0.20210919081820-20d8d269ca18 // indirect
	github.com/ergochat/go-ident v0.0.0-20200511222032-830550b1d775 // indirect
	github.com/ergochat/irc-go v0.0.0-20210617222258-256f1601d3ce // indirect
	github.com/go-sql-driver/mysql v1.6.0 // indirect
	github.com/golang-jwt/jwt v3.2.1+incompatible // indirect
	github.com/gorilla/websocket v1.4.2 // indirect
	github.com/hpcloud/tail v1.0.0 // indirect
	github.com/okzk/sdnotify v0.0.0-20180710141335-d9becc38acbd // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/tidwall/btree v0.6.0 // indirect
	github.com/tidwall/buntdb v1.2.6 // indirect
	github.com/tidwall/gjson v1.8.0 // indirect
	github.com/tidwall/grect v0.1.2 // indirect
	github.com/tidwall/match v1.0.3 // indirect
	github.com/tidwall/pretty v1.1.0 // indirect
	github.com/tidwall/rtred v0.1.2 // indirect
	github.com/tidwall/tinyqueue v0.1.1 // indirect
	github.com/toorop/go-dkim v0.0.0-20201103131630-e1cd1a0a5208 // indirect
	github.com/xdg-go/pbkdf2 v1.0.0 // indirect
	github.com/xdg-go/scram v1.0.2 // indirect
	golang.org/x/crypto v0.0.0-20210415154028-4f45737414dc // indirect
	golang.org/x/sys v0.0.0-20201119102817-f84b799fce68 // indirect
	golang.org/x/term v0.0.0-20201126162022-7de9c90e9dd1 // indirect
	golang.org/x/text v0.3.6 // indirect
	golang.org/x/xerrors v0.0.0-20240903120638-7835f813f4da // indirect
	gopkg.in/fsnotify.v1 v1.4.7 // indirect
	gopkg.in/tomb.v1 v1.0.0-20141024135613-dd632973f1e7 // indirect
	gopkg.in/yaml.v2 v2.4.0 // indirect
)

replace github.com/gorilla/websocket => github.com/ergochat/websocket v1.4.2-oragono1

replace github.com/xdg-go/scram => github.com/ergochat/scram v1.0.2-ergo1
