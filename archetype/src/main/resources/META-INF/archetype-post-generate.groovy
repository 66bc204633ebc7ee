// Archives keep no file modes: make the generated project's Maven wrapper executable, so that ./mvnw works as the
// docs say.
def wrapper = new File(new File(request.outputDirectory, request.artifactId), 'mvnw')
if (wrapper.isFile()) {
    wrapper.setExecutable(true, false)
}
