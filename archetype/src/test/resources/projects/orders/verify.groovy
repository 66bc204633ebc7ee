// The generated service's build, run the way docs/getting-started.md tells a user to: with its own Maven wrapper,
// which must be executable as generated. goal.txt only validates the project with the build's Maven; this builds
// and tests it. The local repository is the test's own (archetype/target/it-repository), filled by invoker:install.

// the archetype plugin passes the generated project's directory in the script's context
def generated = binding.hasVariable('projectDir') ? projectDir : context.projectDir
def target = generated.toPath().toAbsolutePath().normalize()
// archetype/target/test-classes/projects/orders/project/orders-service
def build = target.parent.parent.parent.parent.parent
def repository = build.resolve('it-repository')
def settings = build.resolve('test-classes/it-settings.xml')

def wrapper = target.resolve('mvnw')
assert java.nio.file.Files.isExecutable(wrapper): "the generated ${wrapper} is not executable"

// Every Bulwark artifact the generated service names must come from this build, not from anyone's ~/.m2.
def pom = new groovy.xml.XmlSlurper().parse(target.resolve('pom.xml').toFile())
def missing = pom.dependencies.dependency.findAll { it.groupId.text() == 'dev.bulwark' }
        .collect { it.artifactId.text() }
        .findAll { !java.nio.file.Files.isDirectory(repository.resolve("dev/bulwark/${it}")) }
assert missing.isEmpty(): "the generated service uses ${missing}, which archetype/pom.xml does not install: " +
        'add them to the sample (as dependencies) or to the archetype module (test-scoped ones)'

def command = ['./mvnw', '-B', '-ntp', '-s', settings.toString(), "-Dmaven.repo.local=${repository}", 'verify']
println "[archetype IT] ${command.join(' ')} in ${target}"
def process = new ProcessBuilder(command*.toString()).directory(target.toFile()).inheritIO().start()
assert process.waitFor() == 0: "the generated service's build failed (exit ${process.exitValue()}); its log is above"
return true
