package bot

import (
	"flag"
	"os"
	"testing"
)

// TestMain lets more parallel tests run at once than there are CPUs unless
// -parallel is given: the end-to-end tests mostly wait (discordgo's Close
// alone sleeps 1 s before it closes the websocket), so on a 2-core machine
// the default of GOMAXPROCS would queue waits behind waits.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "16")
	}
	os.Exit(m.Run())
}
