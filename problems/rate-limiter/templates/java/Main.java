import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        StringTokenizer st = new StringTokenizer(in.readLine());
        int n = Integer.parseInt(st.nextToken());
        int limit = Integer.parseInt(st.nextToken());
        long window = Long.parseLong(st.nextToken());
        long accepted = 0, rejected = 0;
        for (int i = 0; i < n; i++) {
            st = new StringTokenizer(in.readLine());
            long t = Long.parseLong(st.nextToken());
            String client = st.nextToken();
            // TODO: accept or reject this request
            accepted++;
        }
        System.out.println(accepted + " " + rejected);
        // TODO: print "client accepted rejected" for every throttled client, most rejected first
    }
}
