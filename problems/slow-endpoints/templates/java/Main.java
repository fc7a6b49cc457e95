import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int k = Integer.parseInt(in.readLine().trim());
        long valid = 0, skipped = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            // TODO: check the line, find its endpoint, latency (ms) and status
            skipped++;
        }
        System.out.println(valid + " " + skipped);
        // TODO: print the first k endpoints: "METHOD PATH REQUESTS ERRORS P95"
    }
}
