// Command etcd is a thin entry point for the etcd server package, so that
// etcd can be built from the Go module proxy (its own go.mod has replace
// directives, which `go install` refuses).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
